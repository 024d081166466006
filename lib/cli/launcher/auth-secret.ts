/** Auth.js needs a stable secret; without AUTH_SECRET one is generated once and kept in .data/. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type pino from "pino";
import { dataRoot, repoRoot } from "../../runtime/paths";

export function ensureAuthSecret(log: pino.Logger): void {
  if (process.env.AUTH_SECRET?.trim()) return;
  const file = path.join(dataRoot, "auth-secret");
  let secret = "";
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    /* first run */
  }
  if (secret.length < 32) {
    secret = crypto.randomBytes(32).toString("base64url");
    fs.mkdirSync(dataRoot, { recursive: true });
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    log.info({ file: path.relative(repoRoot, file) }, "generated AUTH_SECRET into .data/auth-secret (set AUTH_SECRET to use your own)");
  }
  process.env.AUTH_SECRET = secret;
}
