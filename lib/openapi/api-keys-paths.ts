import type { ZodOpenApiPathsObject } from "zod-openapi";
import { apiKeyCreatedSchema, apiKeyCreateSchema, apiKeyListSchema, apiKeyParamsSchema } from "@/lib/schemas/api-key";
import { COMMON_ERRORS, error, json } from "./responses";

/** Managing API keys (signed-in staff only), merged into the API document. */
export const apiKeysPaths: ZodOpenApiPathsObject = {
  "/api/api-keys": {
    get: {
      operationId: "listApiKeys",
      tags: ["API keys"],
      summary: "The API keys that still work (never the keys themselves)",
      description: "Signed-in staff only: an API key cannot manage API keys (403).",
      security: [{ sessionCookie: [] }],
      responses: {
        "200": { description: "Newest first.", ...json(apiKeyListSchema) },
        "403": error("Called with an API key."),
        ...COMMON_ERRORS,
      },
    },
    post: {
      operationId: "createApiKey",
      tags: ["API keys"],
      summary: "Create an API key; the answer is the only time the key is shown",
      description: "Only its sha256 is stored. Signed-in staff only.",
      security: [{ sessionCookie: [] }],
      requestBody: { required: true, ...json(apiKeyCreateSchema) },
      responses: {
        "201": { description: "The new key, shown once.", ...json(apiKeyCreatedSchema) },
        "400": error("Invalid name."),
        "403": error("Called with an API key."),
        ...COMMON_ERRORS,
      },
    },
  },
  "/api/api-keys/{keyId}": {
    delete: {
      operationId: "revokeApiKey",
      tags: ["API keys"],
      summary: "Revoke an API key at once",
      security: [{ sessionCookie: [] }],
      requestParams: { path: apiKeyParamsSchema },
      responses: {
        "204": { description: "Revoked." },
        "403": error("Called with an API key."),
        "404": error("No such key, or already revoked."),
        ...COMMON_ERRORS,
      },
    },
  },
};
