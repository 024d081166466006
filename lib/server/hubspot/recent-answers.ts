import "server-only";

/** The last HubSpot answers this process saw: health reports from them instead of calling HubSpot. */
export interface RecentAnswers {
  lastAt: number | null;
  lastStatus: number | null;
  lastOkAt: number | null;
  lastFailureAt: number | null;
}

const recent: RecentAnswers = { lastAt: null, lastStatus: null, lastOkAt: null, lastFailureAt: null };

export const getRecentAnswers = (): Readonly<RecentAnswers> => ({ ...recent });

/** Notes one HubSpot answer (5xx and 429 count as failures); a call that got no answer (status 0) says nothing here. */
export function noteAnswer(status: number): void {
  if (status === 0) return;
  const now = Date.now();
  recent.lastAt = now;
  recent.lastStatus = status;
  if (status >= 500 || status === 429) recent.lastFailureAt = now;
  else recent.lastOkAt = now;
}
