import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "./env";

/** A fixed key for development and tests only; production refuses to run without a real one. */
const DEVELOPMENT_KEY = "development-only-token-encryption-key-not-secret";

function key(): Buffer {
  const material = env.TOKEN_ENCRYPTION_KEY ?? env.AUTH_SECRET;
  if (!material && env.NODE_ENV === "production") {
    throw new Error("TOKEN_ENCRYPTION_KEY (or AUTH_SECRET) must be set to store HubSpot tokens in production");
  }
  return createHash("sha256").update(`hubspot-token-encryption:${material ?? DEVELOPMENT_KEY}`).digest();
}

/** Encrypt a secret for storage: `v1.<iv>.<tag>.<ciphertext>` (base64url), AES-256-GCM. */
export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/** Decrypt what `sealSecret` produced; throws if the key changed or the value was tampered with. */
export function openSecret(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("stored secret has an unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
