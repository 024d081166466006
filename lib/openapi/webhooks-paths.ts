import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import {
  webhookDeliveriesPageSchema,
  webhookDeliveriesQuerySchema,
  webhookEndpointCreatedSchema,
  webhookEndpointCreateSchema,
  webhookEndpointListSchema,
  webhookEndpointParamsSchema,
  webhookEndpointSchema,
  webhookEndpointUpdateSchema,
  webhookEventSchema,
} from "@/lib/schemas/webhook";
import { error, json } from "./responses";

/** The webhook endpoints (docs/webhooks.md), merged into the API document. */

/** What the app POSTs to an endpoint: not an operation of this API, so a component of its own. */
export const webhookComponents = { schemas: { WebhookEvent: webhookEventSchema } };

const AUTH_ERRORS = {
  "401": error("No staff session and no valid `Authorization: Bearer <API key>`."),
  "403": error("The API key has no `webhooks` scope."),
};
const op = (o: ZodOpenApiOperationObject): ZodOpenApiOperationObject => ({ tags: ["Webhooks"], ...o, responses: { ...o.responses, ...AUTH_ERRORS } });
const path = { path: webhookEndpointParamsSchema };
const notFound = { "404": error("No webhook endpoint with this id.") };

export const webhooksPaths: ZodOpenApiPathsObject = {
  "/api/webhooks": {
    get: op({
      operationId: "listWebhookEndpoints",
      summary: "The webhook endpoints (never their secrets)",
      responses: { "200": { description: "Newest first.", ...json(webhookEndpointListSchema) } },
    }),
    post: op({
      operationId: "createWebhookEndpoint",
      summary: "Register an endpoint for registration.synced and/or registration.needs_attention; its secret is shown once",
      description:
        "The URL must be https (http only with `WEBHOOK_ALLOW_HTTP=1`) and every address its host resolves to public: loopback, private, " +
        "link-local (cloud metadata), CGNAT, multicast and unspecified addresses, IPv4-mapped IPv6 forms included, are refused unless " +
        "`WEBHOOK_ALLOWED_HOSTS` lists them. Each delivery is signed with the secret (docs/webhooks.md).",
      requestBody: { required: true, ...json(webhookEndpointCreateSchema) },
      responses: {
        "201": { description: "The endpoint, with its secret (shown only here).", ...json(webhookEndpointCreatedSchema) },
        "400": error("Invalid or refused `url`, or invalid `events`; `details[].field` names it."),
        "409": error("Too many endpoints."),
      },
    }),
  },
  "/api/webhooks/{endpointId}": {
    get: op({ operationId: "getWebhookEndpoint", summary: "One endpoint", requestParams: path, responses: { "200": { description: "The endpoint.", ...json(webhookEndpointSchema) }, ...notFound } }),
    patch: op({
      operationId: "updateWebhookEndpoint",
      summary: "Pause or resume an endpoint, or change its events",
      description: "Paused: no new events are queued for it; what is queued waits, and is given up past `WEBHOOK_MAX_AGE_SECONDS`.",
      requestParams: path,
      requestBody: { required: true, ...json(webhookEndpointUpdateSchema) },
      responses: { "200": { description: "The endpoint as it is now.", ...json(webhookEndpointSchema) }, "400": error("Invalid `enabled` or `events`."), ...notFound },
    }),
    delete: op({
      operationId: "deleteWebhookEndpoint",
      summary: "Delete an endpoint and its deliveries",
      requestParams: path,
      responses: { "204": { description: "Deleted." }, ...notFound, "409": error("The endpoint comes from `WEBHOOK_URL`: unset it to remove it.") },
    }),
  },
  "/api/webhooks/{endpointId}/deliveries": {
    get: op({
      operationId: "listWebhookDeliveries",
      summary: "An endpoint's deliveries with their attempts and last answer, newest first",
      description: "Keyset paging: pass `next_before` back as `before`.",
      requestParams: { ...path, query: webhookDeliveriesQuerySchema },
      responses: { "200": { description: "A page; `next_before` is null on the last one.", ...json(webhookDeliveriesPageSchema) }, "400": error("Invalid `limit` or `before`."), ...notFound },
    }),
  },
  "/api/webhooks/{endpointId}/test": {
    post: op({
      operationId: "sendWebhookTestEvent",
      summary: "Queue a `webhook.test` event for this endpoint",
      requestParams: path,
      responses: {
        "202": { description: "Queued; it shows among the deliveries.", ...json(z.object({ event_id: z.uuid() })) },
        ...notFound,
        "409": error("The endpoint is paused."),
      },
    }),
  },
};
