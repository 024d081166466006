"use server";
import "server-only";
import { cookies, headers } from "next/headers";
import { SETUP_CODE_COOKIE, signIn, signOut } from "./index";
import { safeCallbackPath } from "./safe-redirect";
import { readSessionToken } from "./session-cookie";
import { revokeSessions, sessionUserKey } from "./session-revocation";

/** Start the HubSpot OAuth flow (also used to reconnect a portal that needs it). */
export async function signInWithHubSpot(formData: FormData) {
  const setupCode = formData.get("setupCode");
  // Read back by the sign-in callback (index.ts) when the portal is still to be chosen (setup-code.ts).
  if (typeof setupCode === "string" && setupCode.trim()) {
    (await cookies()).set(SETUP_CODE_COOKIE, setupCode.trim().slice(0, 64), { httpOnly: true, sameSite: "lax", path: "/api/auth", maxAge: 600 });
  }
  await signIn("hubspot", { redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
}

export async function signOutOfDashboard() {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}

/** Sign out everywhere: every session of this staff member ends, on every device, then this one signs out. */
export async function signOutEverywhere() {
  const token = await readSessionToken(new Headers(await headers()));
  if (token) await revokeSessions(sessionUserKey(token));
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
