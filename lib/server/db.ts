import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { pgConfigFromUrl } from "@/lib/runtime/database-url";
import { env } from "./env";

function createClient() {
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: run `npm start`, which starts an embedded PostgreSQL, or set it.");
  }
  const pool = new Pool({ ...pgConfigFromUrl(env.DATABASE_URL), max: 20 });
  globalForDb.pool = pool;
  // Prisma ends the pool on $disconnect, as it does a pool it made itself.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  // Under load a transaction may wait for a connection longer than Prisma's 2 s default; giving up
  // after a HubSpot write succeeded would only make the worker read it back later.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
}

// One client per process (kept across hot reloads in development), created on first use so that
// importing this module, as `next build` does while collecting pages, needs no database.
const globalForDb = globalThis as unknown as { db?: PrismaClient; pool?: Pool };
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

/**
 * The connection pool under `db`, for the few hot-path statements that write a whole batch of
 * registrations at once in plain SQL (services/registrations/store.ts): no query compilation, one
 * round trip per batch.
 */
export function sqlPool(): Pool {
  client();
  return globalForDb.pool!;
}
