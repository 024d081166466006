import { describe, expect, it } from "vitest";
import { HubSpotAuthError, HubSpotError, HubSpotRateLimitError, HubSpotReconnectRequiredError, HubSpotUnavailableError, HubSpotValidationError } from "../../hubspot/errors";
import { classifySyncError } from "./classify-error";

describe("classifySyncError", () => {
  it("retries what may pass by itself", () => {
    expect(classifySyncError(new HubSpotRateLimitError({ status: 429, message: "slow down" })).kind).toBe("retry");
    expect(classifySyncError(new HubSpotUnavailableError({ status: 502, message: "Bad Gateway" })).kind).toBe("retry");
    expect(classifySyncError(new HubSpotUnavailableError({ status: 0, message: "timeout", isAmbiguous: true })).kind).toBe("retry");
    expect(classifySyncError(new Error("connection terminated")).kind).toBe("retry");
  });

  it("waits, uncapped, while the daily allowance is spent", () => {
    const daily = classifySyncError(new HubSpotRateLimitError({ status: 429, policyName: "DAILY", message: "daily", retryAfterMs: 300_000 }));
    expect(daily).toEqual({ kind: "wait", reason: expect.stringMatching(/daily limit/), retryAfterMs: 300_000 });
  });

  it("stops for staff on 401 after a refresh, 403 (missing scopes) and unexpected answers", () => {
    const scopes = classifySyncError(new HubSpotAuthError({ status: 403, category: "MISSING_SCOPES", message: "missing crm.objects.tickets.write" }));
    expect(scopes).toEqual({ kind: "attention", cause: "auth", reason: expect.stringMatching(/403 MISSING_SCOPES.*tickets\.write/) });
    expect(classifySyncError(new HubSpotAuthError({ status: 401, message: "expired" })).reason).toMatch(/after a refresh \(401\)/);
    expect(classifySyncError(new HubSpotError({ status: 200, message: "HubSpot answered an unexpected body" })).kind).toBe("attention");
    expect(classifySyncError(new HubSpotReconnectRequiredError({ status: 0, message: "revoked" })).kind).toBe("reconnect");
  });

  it("refuses invalid input, naming the property of the write-validation codes", () => {
    for (const category of ["MISSING_REQUIRED_PROPERTY", "MISSING_CONDITIONAL_REQUIRED_PROPERTY"]) {
      const c = classifySyncError(new HubSpotValidationError({ status: 400, category, message: "A required property is missing", context: { propertyName: ["closedate"] } }));
      expect(c.kind).toBe("refused");
      expect(c.reason).toBe(`HubSpot refused it: A required property is missing (property closedate: ${category})`);
    }
    // The 2026-09 shape: category VALIDATION_ERROR, the rule's code and the property in errors[].
    const nested = classifySyncError(
      new HubSpotValidationError({
        status: 400,
        category: "VALIDATION_ERROR",
        message: "Property values were not valid",
        errors: [{ code: "MISSING_CONDITIONAL_REQUIRED_PROPERTY", message: "missing", context: { propertyName: ["amount"] } }],
      }),
    );
    expect(nested).toMatchObject({ kind: "refused", reason: "HubSpot refused it: Property values were not valid (property amount: MISSING_CONDITIONAL_REQUIRED_PROPERTY)" });
  });
});
