/**
 * What became of the registrations, read from the bench database: how many are synced, pending or
 * failed, after how many attempts (more than one means the request's own attempt failed and the
 * worker took over), and the most common reasons recorded for attempts that failed.
 */
import { withPgClient } from "../../runtime/database-admin";

export interface RegistrationOutcomes {
  byStatus: { status: string; attempts: number; count: number }[];
  lastErrors: { error: string; count: number }[];
}

export function readRegistrationOutcomes(databaseUrl: string): Promise<RegistrationOutcomes> {
  return withPgClient(databaseUrl, async (c) => {
    const byStatus = (
      await c.query<{ status: string; attempts: number; count: string }>(
        "SELECT status, attempts, count(*) AS count FROM registration GROUP BY 1, 2 ORDER BY 1, 2",
      )
    ).rows.map((r) => ({ status: r.status, attempts: r.attempts, count: Number(r.count) }));
    const lastErrors = (
      await c.query<{ error: string; count: string }>(
        `SELECT left(regexp_replace(last_error, '[0-9a-f]{8}-[0-9a-f-]{27}', '<uuid>', 'g'), 200) AS error, count(*) AS count
         FROM registration WHERE last_error IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 5`,
      )
    ).rows.map((r) => ({ error: r.error, count: Number(r.count) }));
    return { byStatus, lastErrors };
  });
}

export function formatOutcomes(title: string, o: RegistrationOutcomes): string[] {
  return [
    `${title}: ${o.byStatus.map((s) => `${s.status} after ${s.attempts} attempt(s) ${s.count}`).join(", ") || "none"}`,
    ...o.lastErrors.map((e) => `  last_error ×${e.count}: ${e.error}`),
  ];
}
