import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "./env";

/** A fixed key for development and tests only; production refuses to run without a real one. */
const DEVELOPMENT_KEY = "development-only-token-encryption-key-not-secret";
const TAG_LENGTH = 16;

/** No configured key opens a stored secret: the key changed without the old one kept in the ring. */
export class SecretKeyUnknownError extends Error {
  constructor() {
    super("stored secret cannot be decrypted with the configured keys (TOKEN_ENCRYPTION_KEY / TOKEN_ENCRYPTION_PREVIOUS_KEYS)");
    this.name = "SecretKeyUnknownError";
  }
}

interface Key {
  id: string;
  bytes: Buffer;
}
const derive = (material: string): Key => {
  const bytes = createHash("sha256").update(`hubspot-token-encryption:${material}`).digest();
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
};

/**
 * The key ring: the current key (TOKEN_ENCRYPTION_KEY, else AUTH_SECRET) first, then the previous
 * ones (TOKEN_ENCRYPTION_PREVIOUS_KEYS: old values of either), so rotating a secret keeps stored
 * tokens readable; each refresh stores them again under the current key.
 */
function keyRing(): Key[] {
  const current = env.TOKEN_ENCRYPTION_KEY ?? env.AUTH_SECRET;
  if (!current && env.NODE_ENV === "production") {
    throw new Error("TOKEN_ENCRYPTION_KEY (or AUTH_SECRET) must be set to store HubSpot tokens in production");
  }
  return [current ?? DEVELOPMENT_KEY, ...env.TOKEN_ENCRYPTION_PREVIOUS_KEYS].map(derive);
}

const b64 = (b: Buffer) => b.toString("base64url");

/** Encrypt a secret for storage: `v2.<key id>.<iv>.<tag>.<ciphertext>` (base64url), AES-256-GCM. */
export function sealSecret(plain: string): string {
  const [key] = keyRing();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv, { authTagLength: TAG_LENGTH });
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v2", key.id, b64(iv), b64(cipher.getAuthTag()), b64(data)].join(".");
}

function open(key: Key, iv: string, tag: string, data: string): string | undefined {
  const tagBytes = Buffer.from(tag, "base64url");
  if (tagBytes.length !== TAG_LENGTH) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"), { authTagLength: TAG_LENGTH });
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * Decrypt what `sealSecret` produced (or its `v1.<iv>.<tag>.<ciphertext>` predecessor) with the
 * first key of the ring that opens it; SecretKeyUnknownError when none does.
 */
export function openSecret(sealed: string): string {
  const parts = sealed.split(".");
  const [version] = parts;
  const [keyId, iv, tag, data] = version === "v2" ? parts.slice(1) : version === "v1" ? [undefined, ...parts.slice(1)] : [];
  if (!iv || !tag || data === undefined) throw new Error("stored secret has an unknown format");
  const ring = keyRing();
  const candidates = keyId ? ring.filter((k) => k.id === keyId) : ring;
  for (const key of candidates) {
    const plain = open(key, iv, tag, data);
    if (plain !== undefined) return plain;
  }
  throw new SecretKeyUnknownError();
}

/** Whether a stored secret still opens with the configured keys. */
export function canOpenSecret(sealed: string): boolean {
  try {
    openSecret(sealed);
    return true;
  } catch {
    return false;
  }
}
