import { describe, expect, it } from "vitest";
import { hubSpotErrorFromResponse, HubSpotMissingScopesError, HubSpotValidationError } from "./errors";
import { isRetryable } from "./retry";

const build = (status: number, body: unknown) => hubSpotErrorFromResponse(status, body, new Headers());

describe("HubSpot error classes", () => {
  it("a 2026-09 write-validation refusal names the property and is not retried", () => {
    const err = build(400, {
      status: "error",
      category: "VALIDATION_ERROR",
      message: "Missing required property",
      errors: [{ message: "required", code: "MISSING_CONDITIONAL_REQUIRED_PROPERTY", context: { propertyName: ["hs_ticket_priority"] } }],
    });
    expect(err).toBeInstanceOf(HubSpotValidationError);
    const v = err as HubSpotValidationError;
    expect(v.propertyName).toBe("hs_ticket_priority");
    expect(v.isMissingRequiredProperty).toBe(true);
    expect(isRetryable(v, true)).toBe(false);
  });

  it("reads the property from the body's own context too (and a bare string)", () => {
    const v = build(400, { category: "VALIDATION_ERROR", message: "x", context: { propertyName: "amount" } }) as HubSpotValidationError;
    expect(v.propertyNames).toEqual(["amount"]);
    expect(v.isMissingRequiredProperty).toBe(false);
  });

  it("403 MISSING_SCOPES names the scopes and is not retried", () => {
    const err = build(403, {
      status: "error",
      message: "This app hasn't been granted all required scopes to make this call.",
      errors: [{ message: "One or more of the following scopes are required.", context: { requiredGranularScopes: ["crm.objects.companies.write"] } }],
      category: "MISSING_SCOPES",
    });
    expect(err).toBeInstanceOf(HubSpotMissingScopesError);
    expect((err as HubSpotMissingScopesError).missingScopes).toEqual(["crm.objects.companies.write"]);
    expect(isRetryable(err, true)).toBe(false);
  });
});
