import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { sqlPool } from "../db";

/** Who holds a lease: this process (several workers may run; one applies, one catches up at a time). */
export const LEASE_OWNER = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Take (or renew) the lease `key` for `seconds`; false while another process holds it. */
export async function takeLease(key: string, seconds: number): Promise<boolean> {
  const { rowCount } = await sqlPool().query(
    `INSERT INTO mirror_sync_state (key, lease_owner, lease_until) VALUES ($1, $2, now() + make_interval(secs => $3))
     ON CONFLICT (key) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, updated_at = now()
     WHERE mirror_sync_state.lease_until IS NULL OR mirror_sync_state.lease_until < now() OR mirror_sync_state.lease_owner = excluded.lease_owner`,
    [key, LEASE_OWNER, seconds],
  );
  return (rowCount ?? 0) > 0;
}

export async function releaseLease(key: string): Promise<void> {
  await sqlPool().query(`UPDATE mirror_sync_state SET lease_until = NULL WHERE key = $1 AND lease_owner = $2`, [key, LEASE_OWNER]);
}

export async function readState<T extends object>(key: string): Promise<Partial<T>> {
  const { rows } = await sqlPool().query<{ value: Partial<T> }>(`SELECT value FROM mirror_sync_state WHERE key = $1`, [key]);
  return rows[0]?.value ?? {};
}

/** Merge `patch` into the value kept under `key`. */
export async function writeState(key: string, patch: object): Promise<void> {
  await sqlPool().query(
    `INSERT INTO mirror_sync_state (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = mirror_sync_state.value || excluded.value, updated_at = now()`,
    [key, JSON.stringify(patch)],
  );
}

/** Ask the worker for a catch-up soon (a portal was connected); it runs it under its lease. */
export async function requestCatchUp(): Promise<void> {
  await writeState("catchup", { requestedAt: Date.now() });
}
