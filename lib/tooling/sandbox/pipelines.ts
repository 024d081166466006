import { json, notFoundError } from "./http";
import type { ObjectType } from "./object-types";
import { requireObjectType } from "./object-types";
import { route, type Route } from "./router";

export interface PipelineStage {
  id: string;
  label: string;
  metadata: Record<string, string>;
}

export interface Pipeline {
  id: string;
  label: string;
  stages: PipelineStage[];
}

const dealStage = (id: string, label: string, probability: string): PipelineStage => ({
  id,
  label,
  metadata: { isClosed: String(probability === "1.0" || probability === "0.0"), probability },
});

const ticketStage = (id: string, label: string, closed: boolean): PipelineStage => ({
  id,
  label,
  metadata: { isClosed: String(closed), ticketState: closed ? "CLOSED" : "OPEN" },
});

/** Every new HubSpot portal starts with these. Contacts have no pipelines. */
export const PIPELINES: Partial<Record<ObjectType, Pipeline[]>> = {
  deals: [
    {
      id: "default",
      label: "Sales Pipeline",
      stages: [
        dealStage("appointmentscheduled", "Appointment Scheduled", "0.2"),
        dealStage("qualifiedtobuy", "Qualified To Buy", "0.4"),
        dealStage("presentationscheduled", "Presentation Scheduled", "0.6"),
        dealStage("decisionmakerboughtin", "Decision Maker Bought-In", "0.8"),
        dealStage("contractsent", "Contract Sent", "0.9"),
        dealStage("closedwon", "Closed Won", "1.0"),
        dealStage("closedlost", "Closed Lost", "0.0"),
      ],
    },
  ],
  tickets: [
    {
      id: "0",
      label: "Support Pipeline",
      stages: [
        ticketStage("1", "New", false),
        ticketStage("2", "Waiting on contact", false),
        ticketStage("3", "Waiting on us", false),
        ticketStage("4", "Closed", true),
      ],
    },
  ],
};

/** Which properties hold the pipeline and the stage for each type that has pipelines. */
export const PIPELINE_PROPERTIES: Partial<Record<ObjectType, { pipeline: string; stage: string }>> = {
  deals: { pipeline: "pipeline", stage: "dealstage" },
  tickets: { pipeline: "hs_pipeline", stage: "hs_pipeline_stage" },
};

export const DEFAULT_PIPELINE_ID: Partial<Record<ObjectType, string>> = { deals: "default", tickets: "0" };

export function findPipeline(type: ObjectType, id: string): Pipeline | undefined {
  return PIPELINES[type]?.find((p) => p.id === id);
}

const EPOCH = new Date(0).toISOString();

function renderStage(stage: PipelineStage, index: number) {
  return {
    id: stage.id,
    label: stage.label,
    displayOrder: index,
    metadata: stage.metadata,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
    writePermissions: "CRM_PERMISSIONS_ENFORCEMENT",
  };
}

function renderPipeline(pipeline: Pipeline, index: number) {
  return {
    id: pipeline.id,
    label: pipeline.label,
    displayOrder: index,
    stages: pipeline.stages.map(renderStage),
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
  };
}

function getPipelineOrThrow(typeName: string, pipelineId: string) {
  const pipelines = PIPELINES[requireObjectType(typeName)] ?? [];
  const index = pipelines.findIndex((p) => p.id === pipelineId);
  if (index < 0) throw notFoundError(`Unable to find pipeline ${pipelineId}`);
  return renderPipeline(pipelines[index], index);
}

export const pipelineRoutes: Route[] = [
  route("GET", "/crm/v3/pipelines/:type", ({ params }) =>
    json(200, { results: (PIPELINES[requireObjectType(params.type)] ?? []).map(renderPipeline) }),
  ),
  route("GET", "/crm/v3/pipelines/:type/:pipelineId", ({ params }) =>
    json(200, getPipelineOrThrow(params.type, params.pipelineId)),
  ),
  route("GET", "/crm/v3/pipelines/:type/:pipelineId/stages", ({ params }) =>
    json(200, { results: getPipelineOrThrow(params.type, params.pipelineId).stages }),
  ),
];
