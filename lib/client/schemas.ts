/**
 * Every schema the browser parses with: the API's own (lib/schemas), gathered in one module that
 * pages load on demand (`loadSchemas()`), so zod is not part of any page's first-load JavaScript.
 * Import it only through `loadSchemas()`, or as a type.
 */
import { z } from "zod";
import { registrationAcceptedSchema, registrationResponseSchema } from "@/lib/schemas/registration";

export { apiKeyCreatedSchema, apiKeyCreateSchema, apiKeyListSchema } from "@/lib/schemas/api-key";
export { errorResponseSchema } from "@/lib/schemas/error";
export { importAcceptedSchema, importRowsPageSchema, importStatusSchema } from "@/lib/schemas/import";
export { crmObjectsResponseSchema, localCursorPageSchema, localObjectsPageSchema } from "@/lib/schemas/pagination";
export { pipelinesResponseSchema } from "@/lib/schemas/pipeline";
export { propertyResponseSchema } from "@/lib/schemas/property";
export { registrationSchema, registrationsPageSchema, registrationStatusSchema } from "@/lib/schemas/registration";

/**
 * The register call answers 200 with the HubSpot ids, or 202 when HubSpot could not take it in
 * time (stored, synced in the background).
 */
export const registerAnswerSchema = z.union([registrationResponseSchema, registrationAcceptedSchema]);
export { operationsOverviewSchema } from "@/lib/schemas/operations";
export {
  webhookDeliveriesPageSchema,
  webhookEndpointCreatedSchema,
  webhookEndpointCreateSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
} from "@/lib/schemas/webhook";
