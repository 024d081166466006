import "server-only";
import pino from "pino";
import { loggerOptions } from "@/lib/runtime/logger-options";
import { env } from "./env";

/** JSON lines on stdout. Pretty printing is a dev-only pipe: `npm run dev | npx pino-pretty`. */
export const logger = pino(loggerOptions(env.LOG_LEVEL, "hubspot-crm"));
export type Logger = pino.Logger;
