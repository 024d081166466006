"use server";
import "server-only";
import { signIn, signOut } from "./index";
import { safeCallbackPath } from "./safe-redirect";

/** Start the HubSpot OAuth flow (also used to reconnect a portal that needs it). */
export async function signInWithHubSpot(formData: FormData) {
  await signIn("hubspot", { redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
}

export async function signOutOfDashboard() {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
