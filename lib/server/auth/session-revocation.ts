import "server-only";
import type { JWT } from "next-auth/jwt";
import { db } from "../db";

/** Revokes every staff session at once. */
export const EVERYONE = "*";

/** Which revocation row applies to a session's user. */
export const sessionUserKey = (token: JWT) => String(token.hubUserId ?? token.sub ?? token.email ?? "unknown");

/** Whether the session was ended server-side ("sign out everywhere", or every session ended). */
export async function isSessionRevoked(token: JWT): Promise<boolean> {
  const rows = await db.staffSessionRevocation.findMany({ where: { userKey: { in: [sessionUserKey(token), EVERYONE] } } });
  const at = Number(token.signedInAt);
  return rows.some((r) => r.revokedBefore.getTime() >= at);
}

/** End every session of this user (or of everyone) signed in until now. */
export async function revokeSessions(userKey: string): Promise<void> {
  const revokedBefore = new Date();
  await db.staffSessionRevocation.upsert({ where: { userKey }, create: { userKey, revokedBefore }, update: { revokedBefore } });
}
