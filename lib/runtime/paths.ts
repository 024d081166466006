import fs from "node:fs";
import path from "node:path";

/**
 * The repository root (the folder holding package.json and prisma/migrations), found from this
 * file's location so the launcher, the CLIs and the tests agree whatever the working directory.
 */
function findRepoRoot(): string {
  const start = typeof __dirname === "string" ? __dirname : process.cwd();
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "prisma", "migrations"))) {
      return dir;
    }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export const repoRoot = findRepoRoot();

/** Local state that must never be committed (`.data/` is git-ignored). */
export const dataRoot = path.join(repoRoot, ".data");
