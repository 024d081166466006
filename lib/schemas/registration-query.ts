import { z } from "zod";
import { REGISTRATION_STATUSES } from "./constants";
import { beforeCursor, pageLimit } from "./paging";

export const registrationIdParamsSchema = z.object({
  registrationId: z.uuid({ error: "must be a registration id (UUID)" }),
});

/** GET /api/registrations: newest first, keyset paging with `before`. */
export const registrationsQuerySchema = z.strictObject({
  limit: pageLimit(20),
  status: z.enum(REGISTRATION_STATUSES, { error: `must be one of ${REGISTRATION_STATUSES.join(", ")}` }).optional(),
  before: beforeCursor(),
});
