import "server-only";
import { env } from "./env";

/** What every dashboard page and the start log say when production runs on the built-in sandbox. */
export const SANDBOX_NOTICE = "Sandbox: nothing is sent to HubSpot; its data is lost on restart";

/** Production with no HubSpot credentials (missing or misspelled) falls back to the sandbox: that must be loud. */
export const isSandboxInProduction = () => env.hubspotMode === "sandbox" && env.NODE_ENV === "production";
