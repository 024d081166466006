import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { webhookEventSchema, webhookReceiptSchema } from "@/lib/schemas/hubspot-webhook";
import { error, json } from "./responses";

/** HubSpot's side of the mirror (docs/mirror.md), merged into the API document. */


export const mirrorPaths: ZodOpenApiPathsObject = {
  "/api/hubspot/webhooks": {
    post: {
      operationId: "receiveHubSpotWebhooks",
      tags: ["Service"],
      summary: "HubSpot's webhook events for the local mirror (called by HubSpot, signed with the app's client secret)",
      description:
        "No session or API key: the `X-HubSpot-Signature-v3` header (HMAC-SHA256 with HUBSPOT_CLIENT_SECRET over method, " +
        "public URI, raw body and `X-HubSpot-Request-Timestamp`) is the credential. Requests older than 5 minutes are refused. " +
        "Events are stored once each and applied by the worker; the answer never waits for HubSpot.",
      security: [],
      requestParams: {
        header: z.object({
          "x-hubspot-signature-v3": z.string().meta({ description: "base64 HMAC-SHA256." }),
          "x-hubspot-request-timestamp": z.string().meta({ description: "Milliseconds since the epoch.", example: "1764576000000" }),
        }),
      },
      requestBody: {
        required: true,
        description: "A JSON array of events (HubSpot sends up to 100 per request); an event that cannot be read is counted as ignored.",
        ...json(z.array(webhookEventSchema)),
      },
      responses: {
        "200": { description: "Stored (or already stored).", ...json(webhookReceiptSchema) },
        "400": error("The body is not a JSON array of events."),
        "401": error("Missing, wrong or stale (over 5 minutes) signature."),
        "413": error("The body is too large."),
        "503": error("HUBSPOT_CLIENT_SECRET is not set: webhooks are not enabled (`WEBHOOKS_NOT_CONFIGURED`)."),
      },
    },
  },
};
