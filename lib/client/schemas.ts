/**
 * Every schema the browser parses with: the API's own (lib/schemas), gathered in one module that
 * pages load on demand (`loadSchemas()`), so zod is not part of any page's first-load JavaScript.
 * Import it only through `loadSchemas()`, or as a type.
 */
export { apiKeyCreatedSchema, apiKeyCreateSchema, apiKeyListSchema } from "@/lib/schemas/api-key";
export { crmObjectsResponseSchema } from "@/lib/schemas/crm-objects";
export { errorResponseSchema } from "@/lib/schemas/error";
export { importAcceptedSchema, importRowsPageSchema, importStatusSchema } from "@/lib/schemas/import";
export { localCursorPageSchema, localObjectsPageSchema } from "@/lib/schemas/local-objects";
export { operationsOverviewSchema } from "@/lib/schemas/operations";
export { pipelinesResponseSchema } from "@/lib/schemas/pipeline";
export { propertyResponseSchema } from "@/lib/schemas/property";
export {
  registerAnswerSchema,
  registrationSchema,
  registrationsPageSchema,
  registrationStatusSchema,
} from "@/lib/schemas/registration";
export {
  webhookDeliveriesPageSchema,
  webhookEndpointCreatedSchema,
  webhookEndpointCreateSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
} from "@/lib/schemas/webhook";
