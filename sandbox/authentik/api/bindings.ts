import { notFound, notFoundFor, validationError } from "./errors";
import { eventUser } from "./event-log";
import { booleanParam, textParam } from "./filters";
import { canonicalUuid, isUuid, uuidHex } from "./format";
import { order, paginate, search } from "./pagination";
import type { FlowStageBindingRecord } from "./records";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";
import { serializeStage } from "./stages";

const INVALID_RESPONSE_ACTIONS = ["retry", "restart", "restart_with_context"] as const;
const POLICY_ENGINE_MODES = ["all", "any"] as const;
/** Django's ModelChoiceField.invalid_choice. */
const INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices.";

/** authentik.flows.api.bindings.FlowStageBindingSerializer */
function serializeBinding(state: ApiState, binding: FlowStageBindingRecord) {
  const stage = state.stages.get(binding.stagePk)!;
  return {
    pk: binding.pk,
    policybindingmodel_ptr_id: binding.pbmUuid,
    target: binding.targetPk,
    stage: binding.stagePk,
    stage_obj: serializeStage(state, stage),
    evaluate_on_plan: binding.evaluateOnPlan,
    re_evaluate_policies: binding.reEvaluatePolicies,
    order: binding.order,
    policy_engine_mode: binding.policyEngineMode,
    invalid_response_action: binding.invalidResponseAction,
  };
}

function bindingRef(binding: FlowStageBindingRecord) {
  return {
    app: "authentik_flows",
    model_name: "flowstagebinding",
    pk: uuidHex(binding.pk),
    name: `Flow-stage binding #${binding.order} to ${binding.targetPk}`,
  };
}

function findBinding(state: ApiState, id: string): FlowStageBindingRecord {
  if (!isUuid(id)) throw notFound();
  const binding = state.bindings.get(canonicalUuid(id));
  if (!binding) throw notFoundFor("FlowStageBinding");
  return binding;
}

/**
 * FlowStageBindingViewSet: `filterset_fields = "__all__"` (django-filter reports bad values as
 * `{field: [message]}`), search on the stage's name, Meta ordering `["target", "order"]`.
 */
function list(request: ApiRequest, state: ApiState) {
  const { query } = request;
  const errors: Record<string, string[]> = {};
  let bindings = [...state.bindings.values()];

  for (const [param, key, exists] of [
    ["target", "targetPk", (pk: string) => state.flows.has(pk)],
    ["stage", "stagePk", (pk: string) => state.stages.has(pk)],
  ] as const) {
    const value = textParam(query, param);
    if (value === undefined) continue;
    if (!isUuid(value) || !exists(canonicalUuid(value))) errors[param] = [INVALID_CHOICE];
    else bindings = bindings.filter((binding) => binding[key] === canonicalUuid(value));
  }
  for (const [param, key] of [
    ["fsb_uuid", "pk"],
    ["pbm_uuid", "pbmUuid"],
  ] as const) {
    const value = textParam(query, param);
    if (value === undefined) continue;
    if (!isUuid(value)) errors[param] = ["Enter a valid UUID."];
    else bindings = bindings.filter((binding) => binding[key] === canonicalUuid(value));
  }
  const orderValue = textParam(query, "order");
  if (orderValue !== undefined) {
    if (!/^\s*[-+]?\d+(\.\d+)?\s*$/.test(orderValue)) errors.order = ["Enter a number."];
    else bindings = bindings.filter((binding) => binding.order === Number(orderValue));
  }
  for (const [param, key, choices] of [
    ["invalid_response_action", "invalidResponseAction", INVALID_RESPONSE_ACTIONS],
    ["policy_engine_mode", "policyEngineMode", POLICY_ENGINE_MODES],
  ] as const) {
    const value = textParam(query, param);
    if (value === undefined) continue;
    if (!(choices as readonly string[]).includes(value))
      errors[param] = [`Select a valid choice. ${value} is not one of the available choices.`];
    else bindings = bindings.filter((binding) => binding[key] === value);
  }
  for (const [param, key] of [
    ["evaluate_on_plan", "evaluateOnPlan"],
    ["re_evaluate_policies", "reEvaluatePolicies"],
  ] as const) {
    const value = booleanParam(query, param);
    if (value !== undefined) bindings = bindings.filter((binding) => binding[key] === value);
  }
  // No policies exist in the fake: any policy asked for is an invalid choice.
  const policy = query.getAll("policies").find(Boolean);
  if (policy !== undefined)
    errors.policies = [
      isUuid(policy) ? `Select a valid choice. ${policy} is not one of the available choices.` : `“${policy}” is not a valid value.`,
    ];
  if (Object.keys(errors).length > 0) throw validationError(errors);

  bindings = search(bindings, query, [(binding) => state.stages.get(binding.stagePk)?.name]);
  const ordered = order(
    bindings,
    query,
    {
      pk: (b) => b.pk,
      policybindingmodel_ptr_id: (b) => b.pbmUuid,
      target: (b) => b.targetPk,
      stage: (b) => b.stagePk,
      evaluate_on_plan: (b) => b.evaluateOnPlan,
      re_evaluate_policies: (b) => b.reEvaluatePolicies,
      order: (b) => b.order,
      policy_engine_mode: (b) => b.policyEngineMode,
      invalid_response_action: (b) => b.invalidResponseAction,
    },
    ["target", "order"],
  );
  return { status: 200, body: paginate(ordered, query, state, (binding) => serializeBinding(state, binding)) };
}

function destroy(request: ApiRequest, state: ApiState) {
  const binding = findBinding(state, request.params.fsb_uuid!);
  state.events.model("model_deleted", bindingRef(binding), eventUser(request.user), request.info);
  state.bindings.delete(binding.pk);
  return { status: 204 };
}

export const bindingRoutes: Route[] = [
  { method: "GET", path: "/flows/bindings/", handler: list },
  {
    method: "GET",
    path: "/flows/bindings/{fsb_uuid}/",
    handler: (request, state) => ({ status: 200, body: serializeBinding(state, findBinding(state, request.params.fsb_uuid!)) }),
  },
  { method: "DELETE", path: "/flows/bindings/{fsb_uuid}/", handler: destroy },
];
