import "server-only";
import type { RequestGate } from "./client";

/** The last HubSpot answers this process saw: health reports from them instead of calling HubSpot. */
export interface RecentAnswers {
  lastAt: number | null;
  lastStatus: number | null;
  lastOkAt: number | null;
  lastFailureAt: number | null;
}

const recent: RecentAnswers = { lastAt: null, lastStatus: null, lastOkAt: null, lastFailureAt: null };

export const getRecentAnswers = (): Readonly<RecentAnswers> => ({ ...recent });

/** Notes every answer the gate observes (5xx and 429 count as failures); the gate is otherwise unchanged. */
export function observeAnswers<G extends RequestGate>(gate: G): G {
  const observe = gate.observe.bind(gate);
  gate.observe = (status, headers, policyName) => {
    const now = Date.now();
    recent.lastAt = now;
    recent.lastStatus = status;
    if (status >= 500 || status === 429) recent.lastFailureAt = now;
    else recent.lastOkAt = now;
    observe(status, headers, policyName);
  };
  return gate;
}
