import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { API_KEY_SCOPES, DEFAULT_API_KEY_SCOPES, type ApiKey, type ApiKeyCreated, type ApiKeyScope } from "@/lib/schemas/api-key";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";

/** Keys look like `hsk_<40 base64url chars>`; the prefix shown in lists is the first 10 characters. */
const KEY_PREFIX = "hsk_";
const SHOWN_PREFIX_LENGTH = 10;
/** Writing `last_used_at` on every call would be a write per request: once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const hashApiKey = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

/** Who an API key belongs to: a stored key (`keyId`) or one provisioned through API_KEYS. */
export interface ApiKeyPrincipal {
  keyId: string | null;
  name: string;
  /** Whose registrations and Idempotency-Keys these are: `k:<id>`, or `e:<hash prefix>` for API_KEYS. */
  callerId: string;
  scopes: ApiKeyScope[];
}

type Row = { id: string; name: string; prefix: string; scopes: string[]; createdBy: string | null; createdAt: Date; lastUsedAt: Date | null };

const toScopes = (s: string[]) => API_KEY_SCOPES.filter((k) => s.includes(k));

const toApiKey = (r: Row): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: toScopes(r.scopes),
  created_by: r.createdBy,
  created_at: r.createdAt.toISOString(),
  last_used_at: r.lastUsedAt?.toISOString() ?? null,
});

let envKeyHashes: Buffer[] | undefined;
const getEnvKeyHashes = () => (envKeyHashes ??= env.API_KEYS.map((k) => Buffer.from(hashApiKey(k), "hex")));

/** Create a key; the answer is the only time the whole key exists outside the caller. */
export async function createApiKey({ name, scopes = [...DEFAULT_API_KEY_SCOPES], createdBy }: { name: string; scopes?: ApiKeyScope[]; createdBy?: string | null }): Promise<ApiKeyCreated> {
  const key = `${KEY_PREFIX}${randomBytes(30).toString("base64url")}`;
  const row = await db.apiKey.create({
    data: { name, scopes, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashApiKey(key), createdBy: createdBy ?? null },
  });
  return { ...toApiKey(row), key };
}

/** Keys that still work, newest first. Revoked keys are not listed. */
export async function listApiKeys(): Promise<ApiKey[]> {
  const rows = await db.apiKey.findMany({ where: { revokedAt: null }, orderBy: { createdAt: "desc" } });
  return rows.map(toApiKey);
}

/** Revoke a key at once; a key that is unknown or already revoked is a 404. */
export async function revokeApiKey({ id }: { id: string }): Promise<void> {
  const { count } = await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("NOT_FOUND", "No such API key (or it is already revoked).");
}

/** The principal behind a bearer key, or null. Environment keys first: they need no database. */
export async function verifyApiKey(key: string): Promise<ApiKeyPrincipal | null> {
  if (!key || key.length > 512) return null;
  const hash = hashApiKey(key);
  const hashBytes = Buffer.from(hash, "hex");
  const envIndex = getEnvKeyHashes().findIndex((h) => timingSafeEqual(h, hashBytes));
  if (envIndex >= 0) return { keyId: null, name: `API_KEYS #${envIndex + 1}`, callerId: `e:${hash.slice(0, 16)}`, scopes: [...DEFAULT_API_KEY_SCOPES] };
  if (!key.startsWith(KEY_PREFIX)) return null;
  const row = await db.apiKey.findUnique({ where: { keyHash: hash } });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return { keyId: row.id, name: row.name, callerId: `k:${row.id}`, scopes: toScopes(row.scopes) };
}
