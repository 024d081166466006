import { z } from "zod";

// With the u flag a surrogate pair reads as one code point, so this matches only lone halves.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * What PostgreSQL can store: no NUL (U+0000), which it stores in neither `text` nor `jsonb`, and no
 * lone UTF-16 surrogate (`"\ud800"`), which `jsonb` refuses. Registrations are stored before HubSpot
 * is called, so such a value would fail there instead of as a 400 naming the field.
 */
export const storable = (s: z.ZodString) =>
  s
    .regex(/^[^\u0000]*$/, { error: "must not contain NUL (\\u0000) characters" })
    .refine((v) => !LONE_SURROGATE.test(v), { error: "must not contain a lone UTF-16 surrogate (e.g. \\ud800)" });

/** Free text as the API accepts it: trimmed, at most `max` characters, storable. */
export const text = (max: number) => storable(z.string().trim().max(max));
