import { notFoundFor } from "./errors";
import { textParam } from "./filters";
import { order, paginate, search } from "./pagination";
import type { FlowRecord } from "./records";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";

const BACKGROUND_URL = "/static/dist/assets/images/flow_background.jpg";

/** authentik.flows.api.flows.FlowSerializer (read side); `stages` are the bound stages (through FlowStageBinding). */
export function serializeFlow(state: ApiState, flow: FlowRecord) {
  return {
    pk: flow.pk,
    policybindingmodel_ptr_id: flow.pbmUuid,
    name: flow.name,
    slug: flow.slug,
    title: flow.title,
    designation: flow.designation,
    background: "",
    background_url: BACKGROUND_URL,
    background_themed_urls: null,
    stages: state.bindingsOf(flow.pk).map((binding) => binding.stagePk),
    policies: [] as string[],
    cache_count: 0,
    policy_engine_mode: "any",
    compatibility_mode: false,
    export_url: `/api/v3/flows/instances/${flow.slug}/export/`,
    layout: "stacked",
    denied_action: "message_continue",
    authentication: flow.authentication,
  };
}

/** authentik.flows.api.flows.FlowSetSerializer: the stripped-down flow in a stage's `flow_set`. */
export function serializeFlowSet(flow: FlowRecord) {
  return {
    pk: flow.pk,
    policybindingmodel_ptr_id: flow.pbmUuid,
    name: flow.name,
    slug: flow.slug,
    title: flow.title,
    designation: flow.designation,
    background_url: BACKGROUND_URL,
    policy_engine_mode: "any",
    compatibility_mode: false,
    export_url: `/api/v3/flows/instances/${flow.slug}/export/`,
    layout: "stacked",
    denied_action: "message_continue",
  };
}

function list(request: ApiRequest, state: ApiState) {
  let flows = [...state.flows.values()];
  for (const [param, key] of [
    ["slug", "slug"],
    ["name", "name"],
    ["designation", "designation"],
    ["flow_uuid", "pk"],
  ] as const) {
    const value = textParam(request.query, param);
    if (value !== undefined) flows = flows.filter((flow) => flow[key] === value);
  }
  flows = search(flows, request.query, [(f) => f.name, (f) => f.slug, (f) => f.designation, (f) => f.title]);
  const ordered = order(
    flows,
    request.query,
    { slug: (f) => f.slug, name: (f) => f.name, title: (f) => f.title, designation: (f) => f.designation, pk: (f) => f.pk },
    ["slug"],
  );
  return { status: 200, body: paginate(ordered, request.query, state, (flow) => serializeFlow(state, flow)) };
}

/** The flow viewset looks flows up by slug. */
function retrieve(request: ApiRequest, state: ApiState) {
  const flow = state.flowBySlug(request.params.slug!);
  if (!flow) throw notFoundFor("Flow");
  return { status: 200, body: serializeFlow(state, flow) };
}

export const flowRoutes: Route[] = [
  { method: "GET", path: "/flows/instances/", handler: list },
  { method: "GET", path: "/flows/instances/{slug}/", handler: retrieve },
];
