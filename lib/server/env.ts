import "server-only";
import { loadEnv } from "@/lib/runtime/env-schema";

/** The validated configuration, read once when the server first needs it. */
export const env = loadEnv(process.env);
export type { AppEnv } from "@/lib/runtime/env-schema";
