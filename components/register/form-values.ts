import { get, type FieldErrors } from "react-hook-form";
import type { z } from "zod";
import type { registrationSchema } from "@/lib/schemas/registration";

/** What the form holds: the API schema's input type (amount may be typed as text). */
export type RegistrationFormValues = z.input<typeof registrationSchema>;
export type DealValues = NonNullable<RegistrationFormValues["deals"]>[number];
export type TicketValues = NonNullable<RegistrationFormValues["tickets"]>[number];

export const emptyContact = { email: "", firstname: "", lastname: "", phone: "" };
export const emptyDeal = (): DealValues => ({ dealname: "", amount: "", pipeline: "", dealstage: "", closedate: "" });
export const emptyTicket = (): TicketValues => ({
  subject: "",
  description: "",
  hs_ticket_category: "",
  hs_pipeline: "",
  hs_pipeline_stage: "",
  hs_ticket_priority: "",
});

/**
 * Empty inputs mean "not given": drop them before the API's schema sees the values, so an empty
 * optional field is never a validation error (and never sent).
 */
export function withoutEmptyStrings<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutEmptyStrings) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => !(typeof v === "string" && v.trim() === ""))
        .map(([k, v]) => [k, withoutEmptyStrings(v)]),
    ) as T;
  }
  return value;
}

const FORM_FIELD = new RegExp(
  "^(contact\\.(email|firstname|lastname|phone)" +
    "|deals\\.\\d+\\.(dealname|amount|pipeline|dealstage|closedate)" +
    "|tickets\\.\\d+\\.(subject|description|content|category|hs_ticket_category|hs_pipeline|hs_pipeline_stage|hs_ticket_priority))$",
);

/** Maps the seed's alias names onto the inputs that show them. */
const ALIASES: Record<string, string> = { content: "description", category: "hs_ticket_category" };

/** The input an API field path belongs to, or undefined when the form has no such input. */
export function formFieldFor(path: string): string | undefined {
  if (!FORM_FIELD.test(path)) return undefined;
  return path.replace(/\.(content|category)$/, (_, name: string) => `.${ALIASES[name]}`);
}

/** The message of a field's error by its path (`deals.1.amount`), if any. */
export function fieldError(errors: FieldErrors<RegistrationFormValues>, path: string): string | undefined {
  const message = (get(errors, path) as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}
