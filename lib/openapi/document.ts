import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { crmObjectsQuerySchema, crmObjectsResponseSchema } from "@/lib/schemas/crm-objects";
import { errorResponseSchema } from "@/lib/schemas/error";
import { healthLivenessSchema, healthResponseSchema } from "@/lib/schemas/health";
import { localCursorPageSchema, localCursorQuerySchema, localObjectsPageSchema, localObjectsQuerySchema } from "@/lib/schemas/local-objects";
import { pipelinesQuerySchema, pipelinesResponseSchema } from "@/lib/schemas/pipeline";
import { propertyParamsSchema, propertyResponseSchema } from "@/lib/schemas/property";
import {
  idempotencyKeySchema,
  registrationAcceptedSchema,
  registrationResponseSchema,
  registrationSchema,
  registrationsPageSchema,
  registrationStatusSchema,
} from "@/lib/schemas/registration";
import { registrationIdParamsSchema, registrationsQuerySchema } from "@/lib/schemas/registration-query";
import { apiKeysPaths } from "./api-keys-paths";
import { importsPaths } from "./imports-paths";
import { operationsPaths } from "./operations-paths";
import { webhookComponents, webhooksPaths } from "./webhooks-paths";
import { mirrorPaths } from "./mirror-paths";
import { COMMON_ERRORS, error, json } from "./responses";

/**
 * The API's OpenAPI document, generated from the same zod schemas the handlers and forms use.
 * Nothing here restates a schema: operations only say which schema goes where.
 */


const HUBSPOT_ERRORS = {
  "429": error("HubSpot's rate limit is reached; `Retry-After` says when to try again."),
  "502": error("HubSpot refused or failed the call (`correlation_id` is HubSpot's)."),
  "503": error("HubSpot is unavailable, or the portal needs to be reconnected by a staff sign-in."),
};

const op = (o: ZodOpenApiOperationObject): ZodOpenApiOperationObject => o;

const paths: ZodOpenApiPathsObject = {
  "/api/crm/register": {
    post: op({
      operationId: "registerContact",
      tags: ["CRM"],
      summary: "Create or update a contact, then create its deals and tickets in HubSpot",
      description:
        "The contact is upserted by email (never a 409 for an existing contact); each deal and ticket is created associated " +
        "with it. Seed names are accepted (`description`, `category`, pipeline labels) as well as HubSpot's. Also at `POST /crm/register`.",
      requestParams: {
        header: z.object({
          "idempotency-key": idempotencyKeySchema.optional().meta({
            description: "Send the same key with the same body again (e.g. after a timeout) to get the first answer back, not a second registration.",
            example: "order-4711",
          }),
        }),
      },
      requestBody: { required: true, ...json(registrationSchema) },
      responses: {
        "200": { description: "Everything is in HubSpot.", ...json(registrationResponseSchema) },
        "202": {
          description: "Stored, but HubSpot could not take it in time: it is synced in the background. Follow `status_url` (also in `Location`).",
          ...json(registrationAcceptedSchema),
        },
        "400": error("A field is invalid; `details[].field` names it, e.g. `deals[1].amount`."),
        "409": error("A request with this Idempotency-Key is still in flight."),
        "422": error("This Idempotency-Key was already used with a different body."),
        "413": error("The body is too large."),
        "415": error("The body is not `application/json`."),
        ...COMMON_ERRORS,
        ...HUBSPOT_ERRORS,
      },
    }),
  },
  "/api/crm/objects": {
    get: op({
      operationId: "listCrmObjects",
      tags: ["CRM"],
      summary: "One page of HubSpot contacts, deals or tickets: live (HubSpot's cursor) or from the local mirror",
      description:
        "Pass `next_after` back as `after` for the next page. Without `source`, `q` or `sort` the page is read live from HubSpot " +
        "(one call per page). `source=mirror`, `q` (prefix words) or `sort` (a shown column, `-` for descending) read the local " +
        "mirror instead: keyset pages at any depth, full-text search, `last_synced_at` (docs/mirror.md). Also at `GET /crm/objects`.",
      requestParams: { query: crmObjectsQuerySchema },
      responses: {
        "200": { description: "A page; `next_after` is null on the last one.", ...json(crmObjectsResponseSchema) },
        "400": error("Invalid `type`, `limit`, `after`, `source`, `q` or `sort`; `details[].field` names it."),
        ...COMMON_ERRORS,
        ...HUBSPOT_ERRORS,
      },
    }),
  },
  "/api/crm/pipelines": {
    get: op({
      operationId: "listPipelines",
      tags: ["CRM"],
      summary: "The portal's deal or ticket pipelines and their stages",
      description: "Cached for 10 minutes. The register form fills its pipeline and stage selects from it.",
      requestParams: { query: pipelinesQuerySchema },
      responses: {
        "200": { description: "Pipelines in display order.", ...json(pipelinesResponseSchema) },
        "400": error("Invalid `type`."),
        ...COMMON_ERRORS,
        ...HUBSPOT_ERRORS,
      },
    }),
  },
  "/api/crm/properties/{objectType}/{propertyName}": {
    get: op({
      operationId: "getPropertyOptions",
      tags: ["CRM"],
      summary: "A HubSpot property and its options (e.g. tickets/hs_ticket_category)",
      description: "Cached for 10 minutes. The register form fills its category and priority selects from it.",
      requestParams: { path: propertyParamsSchema },
      responses: {
        "200": { description: "The property.", ...json(propertyResponseSchema) },
        "404": error("No such object type or property."),
        ...COMMON_ERRORS,
        ...HUBSPOT_ERRORS,
      },
    }),
  },
  "/api/objects/local": {
    get: op({
      operationId: "listLocalObjects",
      tags: ["Local records"],
      summary: "Locally stored references to created objects, offset paging with totals",
      description: "A page past the end is empty, not an error. Also at `GET /objects/local`.",
      requestParams: { query: localObjectsQuerySchema },
      responses: {
        "200": { description: "A page with totals.", ...json(localObjectsPageSchema) },
        "400": error("Invalid `page`, `limit` or `type`."),
        ...COMMON_ERRORS,
      },
    }),
  },
  "/api/objects/local-cursor": {
    get: op({
      operationId: "listLocalObjectsAfter",
      tags: ["Local records"],
      summary: "Locally stored references, keyset paging for large sets",
      description: "Stable while rows are inserted. Also at `GET /objects/local-cursor`.",
      requestParams: { query: localCursorQuerySchema },
      responses: {
        "200": { description: "A page; `next_after` is null on the last one.", ...json(localCursorPageSchema) },
        "400": error("Invalid `limit`, `after` or `type`."),
        ...COMMON_ERRORS,
      },
    }),
  },
  "/api/registrations": {
    get: op({
      operationId: "listRegistrations",
      tags: ["Registrations"],
      summary: "Stored registrations, newest first, with their sync state",
      description: "Keyset paging: pass `next_before` back as `before`.",
      requestParams: { query: registrationsQuerySchema },
      responses: {
        "200": { description: "A page; `next_before` is null on the last one.", ...json(registrationsPageSchema) },
        "400": error("Invalid `limit`, `status` or `before`."),
        ...COMMON_ERRORS,
      },
    }),
  },
  "/api/registrations/{registrationId}": {
    get: op({
      operationId: "getRegistration",
      tags: ["Registrations"],
      summary: "One registration: pending, synced (with the HubSpot ids) or failed (with the reason)",
      requestParams: { path: registrationIdParamsSchema },
      responses: {
        "200": { description: "Its state.", ...json(registrationStatusSchema) },
        "404": error("No registration with this id."),
        ...COMMON_ERRORS,
      },
    }),
  },
  "/api/registrations/{registrationId}/retry": {
    post: op({
      operationId: "retryRegistration",
      tags: ["Registrations"],
      summary: "Put a failed registration back in the sync queue",
      requestParams: { path: registrationIdParamsSchema },
      responses: {
        "202": { description: "Queued again.", ...json(registrationStatusSchema) },
        "404": error("No registration with this id."),
        "409": error("The registration is already synced."),
        ...COMMON_ERRORS,
      },
    }),
  },
  ...apiKeysPaths,
  "/api/health": {
    get: op({
      operationId: "getHealth",
      tags: ["Service"],
      summary: "Liveness for anyone; readiness (database, HubSpot from recent calls, mode) for staff or a key with `read`",
      security: [],
      responses: {
        "200": {
          description: "Without credentials (or a key without `read`): `{\"status\":\"ok\"}` only. With them: `ok` or `degraded` and the details.",
          ...json(z.union([healthResponseSchema, healthLivenessSchema])),
        },
        "503": { description: "Details only: the database is unreachable.", ...json(healthResponseSchema) },
      },
    }),
  },
  "/api/docs": {
    get: op({
      operationId: "getOpenApiDocument",
      tags: ["Service"],
      summary: "This document as JSON (as YAML at /docs/openapi.yaml)",
      security: [],
      responses: { "200": { description: "The OpenAPI document.", content: { "application/json": {} } } },
    }),
  },
  ...importsPaths,
  ...operationsPaths,
  ...webhooksPaths,
  ...mirrorPaths,
};

export const API_VERSION = "1.0.0";

export function createApiDocument() {
  return createDocument({
    // 3.0.x, not 3.1: Swagger UI resolves 3.1 documents with ApiDOM, which breaks once bundled by Turbopack
    // ("refract is not a function", swagger-api/swagger-ui#10599); 3.0 uses its classic resolver.
    openapi: "3.0.3",
    info: {
      title: "HubSpot CRM Integration API",
      version: API_VERSION,
      description:
        "Puts contacts, deals and tickets into HubSpot reliably. Every operation except health and docs needs a signed-in " +
        "staff session (the dashboard's cookie) or `Authorization: Bearer <API key>` (create keys on the API keys page, or " +
        "provision them with `API_KEYS`). The seed's paths (`/crm/*`, `/objects/*`) answer as well as `/api/*`.",
    },
    servers: [{ url: "/", description: "This server" }],
    tags: [
      { name: "CRM", description: "Objects in HubSpot." },
      { name: "Registrations", description: "Every registration as stored, and its sync to HubSpot." },
      { name: "Imports", description: "CSV files of registrations, validated whole, then synced in the background." },
      { name: "Local records", description: "This app's references to what it created." },
      { name: "API keys", description: "Keys for other systems; managed by signed-in staff." },
      { name: "Webhooks", description: "Endpoints told when a registration is synced or needs attention (docs/webhooks.md)." },
      { name: "Service", description: "Health and this document." },
    ],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    components: {
      ...webhookComponents,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API key: `Authorization: Bearer hsk_…`." },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description: "The staff session set by signing in (`__Secure-authjs.session-token` over HTTPS); the browser sends it.",
        },
      },
    },
    paths,
  });
}
