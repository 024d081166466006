import "server-only";
import { cachedReads } from "../cached-reads";
import type { HubSpotClient } from "../hubspot/client";
import { listPipelines } from "../hubspot/crm";
import type { HubSpotPipeline } from "../hubspot/schemas";

const pipelineReads = cachedReads<HubSpotPipeline[]>();

/** The portal's pipelines of a type in display order (cached, see ../cached-reads.ts). */
export function getPipelines(client: HubSpotClient, type: "deals" | "tickets"): Promise<HubSpotPipeline[]> {
  return pipelineReads(type, () =>
    listPipelines(client, type).then((r) => [...r.data.results].sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))),
  );
}

/** Labels compared loosely: case, spaces, `_` and `-` do not matter. */
export const normLabel = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, " ");

/** Find by id, then by label ("Support Pipeline"), then by label without the word "pipeline" ("support"). */
export function findPipeline(pipelines: HubSpotPipeline[], given: string | undefined): HubSpotPipeline | undefined {
  if (given === undefined) return pipelines[0];
  return (
    pipelines.find((p) => p.id === given) ??
    pipelines.find((p) => normLabel(p.label) === normLabel(given)) ??
    pipelines.find((p) => normLabel(p.label).replace(/ pipeline$/, "") === normLabel(given))
  );
}

/** Find a stage by id or label; none given means the pipeline's first stage. */
export function findStage(pipeline: HubSpotPipeline, given: string | undefined) {
  const stages = [...pipeline.stages].sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0));
  if (given === undefined) return stages[0];
  return stages.find((s) => s.id === given) ?? stages.find((s) => normLabel(s.label) === normLabel(given));
}

export const describeOptions = (items: { id: string; label: string }[]) =>
  items.map((i) => `${i.id} (${i.label})`).join(", ");
