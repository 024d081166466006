import "server-only";
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { db } from "../db";
import { env } from "../env";
import { getConnectionStatus } from "../hubspot/connection-store";
import type { Logger } from "../logger";
import { openSecret, sealSecret } from "../secret-box";

/**
 * Until the operator has chosen the portal, the first sign-in must enter a one-time setup code
 * that only the server's log shows (as Jupyter and Grafana do): otherwise the first HubSpot user
 * of any portal to sign in would connect theirs. Not needed when HUBSPOT_PORTAL_ID names the
 * portal, or in sandbox mode (the launcher's own sandbox is the portal).
 */
const SETTING = "setup_code";
/** Staff-private-app mode pins the portal of the first sign-in here (connect-portal.ts). */
export const STAFF_PORTAL_SETTING = "staff_portal_id";
/** Unambiguous characters, in groups of four: XXXX-XXXX-XXXX. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

const newCode = () =>
  Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("")).join("-");
const normalize = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");
const digest = (code: string) => createHash("sha256").update(normalize(code)).digest();

/** Whether a sign-in may still choose the portal, i.e. whether a setup code is needed. */
export async function isSetupPending(): Promise<boolean> {
  if (env.HUBSPOT_PORTAL_ID || env.hubspotMode === "sandbox") return false;
  if (env.hubspotMode === "private_app") return !(await db.portalSetting.findUnique({ where: { key: STAFF_PORTAL_SETTING } }));
  return (await getConnectionStatus()).state === "not_connected" && !env.HUBSPOT_REFRESH_TOKEN;
}

/** The code, created once (every process shows the same one; stored encrypted). */
export async function getSetupCode(): Promise<string> {
  const existing = await db.portalSetting.findUnique({ where: { key: SETTING } });
  const sealed = (existing?.value as { sealed?: string } | null)?.sealed;
  if (sealed) {
    try {
      return openSecret(sealed);
    } catch {
      // Sealed under a key no longer configured: issue a new one below.
    }
  }
  const code = newCode();
  await db.portalSetting.upsert({ where: { key: SETTING }, create: { key: SETTING, value: { sealed: sealSecret(code) } }, update: { value: { sealed: sealSecret(code) } } });
  return code;
}

/** True when `input` is the current setup code (constant-time). */
export async function isSetupCodeValid(input: string | undefined): Promise<boolean> {
  if (!input) return false;
  const expected = digest(await getSetupCode());
  return timingSafeEqual(expected, digest(input));
}

/** Once the portal is chosen the code is spent. */
export async function deleteSetupCode(): Promise<void> {
  await db.portalSetting.deleteMany({ where: { key: SETTING } });
}

/** At server start: print the code where only the operator sees it. */
export async function announceSetupCode(log: Logger): Promise<void> {
  if (!(await isSetupPending())) return;
  const code = await getSetupCode();
  log.warn(
    { auth: { event: "setup_code" } },
    `No HubSpot portal is chosen yet (HUBSPOT_PORTAL_ID is empty). The first staff sign-in must enter this setup code: ${code}`,
  );
}
