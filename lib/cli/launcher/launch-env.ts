/** The launcher's configuration: `.env`, then the environment, validated by lib/runtime/env-schema.ts. */
import fs from "node:fs";
import path from "node:path";
import { EnvError, loadEnv, type AppEnv } from "../../runtime/env-schema";
import { repoRoot } from "../../runtime/paths";

/** The validated configuration; on invalid settings, names them on stderr and exits. */
export function loadLaunchEnv(dev: boolean): AppEnv {
  const dotenv = path.join(repoRoot, ".env");
  if (fs.existsSync(dotenv)) process.loadEnvFile(dotenv);

  // Production takes its public origin from AUTH_URL, never from a request's Host: without one,
  // the local address the app is opened at.
  if (!dev && !process.env.AUTH_URL?.trim() && process.env.AUTH_TRUST_PROXY?.trim() !== "1") {
    process.env.AUTH_URL = `http://localhost:${process.env.PORT?.trim() || 5001}`;
  }
  try {
    return loadEnv(process.env);
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    process.stderr.write(`${err.message}\nFix them in .env (see .env.example) or in the environment, then start again.\n`);
    process.exit(1);
  }
}
