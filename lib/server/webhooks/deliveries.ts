import "server-only";
import type { WebhookDeliveriesPage, WebhookDelivery } from "@/lib/schemas/webhook";
import type { WebhookDelivery as Row, WebhookEvent } from "@/lib/generated/prisma/client";
import { db } from "../db";
import { getWebhookEndpointOrThrow } from "./endpoints";

const iso = (d: Date | null) => d?.toISOString() ?? null;

function statusOf(r: Row): WebhookDelivery["status"] {
  if (r.deliveredAt) return "delivered";
  if (r.givenUpAt) return "given_up";
  // Attempts are counted when claimed: a first attempt under way is still pending.
  return r.lastError !== null ? "retrying" : "pending";
}

export const toWebhookDelivery = (r: Row & { event: WebhookEvent }): WebhookDelivery => ({
  id: r.id,
  event_id: r.eventId,
  event_type: r.event.type,
  registration_id: r.event.registrationId,
  status: statusOf(r),
  attempts: r.attempts,
  next_attempt_at: r.deliveredAt || r.givenUpAt ? null : iso(r.nextAttemptAt),
  last_attempt_at: iso(r.lastAttemptAt),
  last_status_code: r.lastStatusCode,
  last_error: r.lastError,
  response_excerpt: r.responseExcerpt,
  delivered_at: iso(r.deliveredAt),
  given_up_at: iso(r.givenUpAt),
  created_at: r.createdAt.toISOString(),
});

/** One endpoint's deliveries, newest first, keyset on (created_at, id). */
export async function listWebhookDeliveries({ endpointId, limit, before }: { endpointId: string; limit: number; before?: string }): Promise<WebhookDeliveriesPage> {
  await getWebhookEndpointOrThrow(endpointId);
  const cursor = before ? await db.webhookDelivery.findFirst({ where: { id: before, endpointId } }) : null;
  const rows = await db.webhookDelivery.findMany({
    where: {
      endpointId,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    include: { event: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { results: page.map(toWebhookDelivery), next_before: rows.length > limit ? page[page.length - 1].id : null };
}
