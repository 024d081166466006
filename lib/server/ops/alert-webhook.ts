import "server-only";
import { ALERT_TITLES } from "./alert-rules";
import type { PendingNotification } from "./alert-episodes";

/** Slack-compatible message (an incoming webhook takes `text`; the rest is for other receivers). */
export function alertMessage(n: PendingNotification) {
  const title = ALERT_TITLES[n.rule];
  const text =
    n.state === "active"
      ? `:rotating_light: ${title}: ${n.message}`
      : `:white_check_mark: Cleared: ${title} (since ${n.startedAt?.toISOString() ?? "unknown"}).`;
  return { text, alert: { rule: n.rule, state: n.state, title, message: n.message, startedAt: n.startedAt?.toISOString() ?? null, clearedAt: n.clearedAt?.toISOString() ?? null } };
}

/** POST the message; true when the receiver answered 2xx within 5 s. */
export async function postAlert(url: string, n: PendingNotification): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(alertMessage(n)),
      signal: AbortSignal.timeout(5_000),
    });
    await res.body?.cancel().catch(() => undefined);
    return res.ok;
  } catch {
    return false;
  }
}
