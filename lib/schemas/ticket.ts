import { z } from "zod";
import { text } from "./text";

export const TICKET_PRIORITIES = ["LOW", "MEDIUM", "HIGH", "URGENT"] as const;

/** The seed's short category names, mapped to HubSpot's `hs_ticket_category` options. */
export const TICKET_CATEGORY_ALIASES: Record<string, string> = {
  billing: "BILLING_ISSUE",
  product: "PRODUCT_ISSUE",
  feature: "FEATURE_REQUEST",
  feature_request: "FEATURE_REQUEST",
  general: "GENERAL_INQUIRY",
  question: "GENERAL_INQUIRY",
};


/**
 * A ticket as the API accepts it: the seed's names (`description`, `category`) or HubSpot's
 * (`content`, `hs_ticket_category`), not both. Pipeline and stage may be ids or labels.
 */
export const ticketSchema = z
  .strictObject({
    subject: text(255).min(1, { error: "is required" }).meta({ example: "Billing Issue" }),
    description: text(65_000).optional().meta({ description: "Alias of `content`.", example: "Customer cannot pay" }),
    content: text(65_000).optional(),
    category: text(100).optional().meta({ description: "Alias of `hs_ticket_category`; `billing` means BILLING_ISSUE.", example: "billing" }),
    hs_ticket_category: text(100).optional().meta({ example: "BILLING_ISSUE" }),
    hs_pipeline: text(100).min(1).optional().meta({ description: "Pipeline id or label (`support` matches the Support Pipeline).", example: "support" }),
    hs_pipeline_stage: text(100).min(1).optional().meta({ description: "Stage id or label; default: the pipeline's first stage.", example: "1" }),
    hs_ticket_priority: z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.enum(TICKET_PRIORITIES, { error: `must be one of ${TICKET_PRIORITIES.join(", ")}` }))
      .optional()
      .meta({ example: "HIGH" }),
  })
  .superRefine((t, ctx) => {
    if (t.description !== undefined && t.content !== undefined) {
      ctx.addIssue({ code: "custom", path: ["content"], message: "give either description or content, not both" });
    }
    if (t.category !== undefined && t.hs_ticket_category !== undefined) {
      ctx.addIssue({ code: "custom", path: ["hs_ticket_category"], message: "give either category or hs_ticket_category, not both" });
    }
  })
  .meta({ id: "Ticket", description: "Created in HubSpot and associated with the contact." });

export type TicketInput = z.infer<typeof ticketSchema>;
