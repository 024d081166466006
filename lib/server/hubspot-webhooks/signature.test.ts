import { describe, expect, it } from "vitest";
import { checkV3Signature, decodeSignedUri, signV3 } from "./signature";

const secret = "client-secret";
const uri = "https://crm.example.com/api/hubspot/webhooks";
const now = 1_800_000_000_000;
const check = (over: Partial<Parameters<typeof checkV3Signature>[0]> = {}) => {
  const timestamp = String(now - 1000);
  const base = { secret, method: "POST", uri, rawBody: "[]", timestamp, now, signature: signV3(secret, "POST", uri, "[]", timestamp) };
  return checkV3Signature({ ...base, ...over });
};

describe("checkV3Signature", () => {
  it("accepts HubSpot's HMAC of method, URI, body and timestamp", () => {
    expect(check()).toBeNull();
  });

  it("names why a request is refused", () => {
    expect(check({ signature: null })).toBe("missing_signature");
    expect(check({ timestamp: null })).toBe("missing_timestamp");
    expect(check({ timestamp: "soon" })).toBe("bad_timestamp");
    expect(check({ timestamp: String(now - 5 * 60_000 - 1) })).toBe("stale");
    expect(check({ timestamp: String(now + 120_000) })).toBe("from_the_future");
    expect(check({ rawBody: "[ ]" })).toBe("bad_signature");
    expect(check({ method: "PUT" })).toBe("bad_signature");
  });

  it("takes a timestamp just inside 5 minutes as fresh, and the timestamp is signed", () => {
    const timestamp = String(now - 5 * 60_000 + 10);
    expect(check({ timestamp, signature: signV3(secret, "POST", uri, "[]", timestamp) })).toBeNull();
    expect(check({ timestamp })).toBe("bad_signature");
  });

  it("decodes only the characters HubSpot lists", () => {
    expect(decodeSignedUri("https://x/a%3Ab%2Fc%3Fd%40e%21%24%27%28%29%2A%2C%3B%20f%25")).toBe("https://x/a:b/c?d@e!$'()*,;%20f%25");
  });
});
