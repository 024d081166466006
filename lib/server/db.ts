import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { pgConfigFromUrl } from "@/lib/runtime/database-url";
import { env } from "./env";

function createClient() {
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: run `npm start`, which starts an embedded PostgreSQL, or set it.");
  }
  const adapter = new PrismaPg({ ...pgConfigFromUrl(env.DATABASE_URL), max: 10 });
  return new PrismaClient({ adapter });
}

// One client per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { db?: PrismaClient };
export const db = globalForDb.db ?? createClient();
if (env.NODE_ENV !== "production") globalForDb.db = db;
