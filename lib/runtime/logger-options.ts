import type { LoggerOptions } from "pino";

/**
 * Paths pino censors in every line. Tokens, secrets and authorization headers never reach a log;
 * the HubSpot client also never puts them in the objects it logs, this is the second fence.
 */
export const REDACT_PATHS = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "headers.cookie",
  "*.headers.cookie",
  "access_token",
  "refresh_token",
  "*.access_token",
  "*.refresh_token",
  "accessToken",
  "refreshToken",
  "*.accessToken",
  "*.refreshToken",
  "client_secret",
  "*.client_secret",
  "clientSecret",
  "*.clientSecret",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "password",
  "*.password",
];

export function loggerOptions(level: string, name: string): LoggerOptions {
  return {
    name,
    level,
    base: { service: name },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
}
