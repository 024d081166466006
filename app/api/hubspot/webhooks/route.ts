// POST /api/hubspot/webhooks: HubSpot's webhook events (v3 signature, no session or API key), stored for the mirror.
import { route } from "@/lib/server/route";
import { receiveWebhooks } from "@/lib/server/hubspot-webhooks/receive";

export const dynamic = "force-dynamic";

export const POST = route({ auth: "public" }, async ({ req, log }) => Response.json(await receiveWebhooks(req, log)));
