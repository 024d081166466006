import { z } from "zod";

/**
 * No NUL (U+0000): PostgreSQL stores it in neither `text` nor `jsonb`. Registrations are stored
 * before HubSpot is called, so such a value would fail there instead of as a 400 naming the field.
 */
export const withoutNul = (s: z.ZodString) => s.regex(/^[^\u0000]*$/, { error: "must not contain NUL (\\u0000) characters" });

/** Free text as the API accepts it: trimmed, at most `max` characters, no NUL. */
export const text = (max: number) => withoutNul(z.string().trim().max(max));
