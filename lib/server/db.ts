import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { pgConfigFromUrl } from "@/lib/runtime/database-url";
import { env } from "./env";

function createClient() {
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: run `npm start`, which starts an embedded PostgreSQL, or set it.");
  }
  const adapter = new PrismaPg({ ...pgConfigFromUrl(env.DATABASE_URL), max: 20 });
  // Under load a transaction may wait for a connection longer than Prisma's 2 s default; giving up
  // after a HubSpot write succeeded would only make the worker read it back later.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
}

// One client per process (kept across hot reloads in development), created on first use so that
// importing this module, as `next build` does while collecting pages, needs no database.
const globalForDb = globalThis as unknown as { db?: PrismaClient };
function client(): PrismaClient {
  globalForDb.db ??= createClient();
  return globalForDb.db;
}

export const db = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const value = Reflect.get(client(), prop);
    return typeof value === "function" ? value.bind(client()) : value;
  },
});
