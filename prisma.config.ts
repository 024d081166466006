import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgConfigFromUrl } from "./lib/runtime/database-url";

// Prisma's native schema engine is downloaded from a host these machines cannot reach,
// so the CLI runs its JavaScript engine over the pg driver adapter (see docs/decisions.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    return new PrismaPg(pgConfigFromUrl(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"));
  },
});
