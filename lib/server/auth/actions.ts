"use server";
import "server-only";
import { signIn, signOut } from "./index";

/** Only same-site paths are followed after sign-in. */
const safePath = (value: FormDataEntryValue | null) => {
  const s = typeof value === "string" ? value : "";
  return s.startsWith("/") && !s.startsWith("//") ? s : "/";
};

/** Start the HubSpot OAuth flow (also used to reconnect a portal that needs it). */
export async function signInWithHubSpot(formData: FormData) {
  await signIn("hubspot", { redirectTo: safePath(formData.get("callbackUrl")) });
}

export async function signOutOfDashboard() {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
