import { z } from "zod";
import { REGISTRATION_STATUSES } from "./registration";

export const registrationIdParamsSchema = z.object({
  registrationId: z.uuid({ error: "must be a registration id (UUID)" }),
});

/** GET /api/registrations: newest first, keyset paging with `before`. */
export const registrationsQuerySchema = z.strictObject({
  limit: z.coerce
    .number({ error: "must be a whole number between 1 and 100" })
    .int({ error: "must be a whole number between 1 and 100" })
    .min(1, { error: "must be between 1 and 100" })
    .max(100, { error: "must be between 1 and 100" })
    .default(20),
  status: z.enum(REGISTRATION_STATUSES, { error: `must be one of ${REGISTRATION_STATUSES.join(", ")}` }).optional(),
  before: z.uuid({ error: "is not a valid cursor" }).optional().meta({ description: "`next_before` of the previous page." }),
});
