import { randomUUID } from "node:crypto";
import { MESSAGES, notFound, notFoundFor, validationError } from "./errors";
import { eventUser } from "./event-log";
import { BodyReader } from "./fields";
import { booleanParam, textParam } from "./filters";
import { canonicalUuid, isUuid, uuidHex } from "./format";
import { order, paginate, search } from "./pagination";
import { findPolicyBindingModel, policyBindingModels, prunePolicyBindings } from "./policy-engine";
import type { PolicyBindingRecord } from "./records";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";
import { partialGroup, partialUser } from "./user-serializers";

/** PolicyBindingModel.supported_policy_binding_targets, in its order (every model the fake has). */
const SUPPORTED = "'policy', 'user', 'group'";
const INT_MAX = 2147483647;
const INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices.";

/** authentik.policies.api.bindings.PolicyBindingSerializer (the fake has no policies: `policy_obj` is null). */
function serializeBinding(state: ApiState, binding: PolicyBindingRecord) {
  const group = binding.groupPk === null ? undefined : state.directory.getGroup(binding.groupPk);
  const user = binding.userPk === null ? undefined : state.directory.getUser(binding.userPk);
  return {
    pk: binding.pk,
    policy: binding.policyPk,
    group: binding.groupPk,
    user: binding.userPk,
    policy_obj: null,
    group_obj: group ? partialGroup(group) : null,
    user_obj: user ? partialUser(user) : null,
    target: binding.targetPk,
    negate: binding.negate,
    enabled: binding.enabled,
    order: binding.order,
    timeout: binding.timeout,
    failure_result: binding.failureResult,
    expires: null,
    expiring: false,
  };
}

/** `str(binding)`: "Binding from <target> #<order> to Group <name>". */
function bindingRef(state: ApiState, binding: PolicyBindingRecord) {
  const target = findPolicyBindingModel(state, binding.targetPk)?.label ?? binding.targetPk;
  const group = binding.groupPk === null ? undefined : state.directory.getGroup(binding.groupPk);
  const user = binding.userPk === null ? undefined : state.directory.getUser(binding.userPk);
  const suffix = group ? `Group ${group.name}` : user ? `User ${user.name}` : "Invalid invalid";
  return {
    app: "authentik_policies",
    model_name: "policybinding",
    pk: uuidHex(binding.pk),
    name: `Binding from ${target} #${binding.order} to ${suffix}`,
  };
}

function findBinding(state: ApiState, id: string): PolicyBindingRecord {
  if (!isUuid(id)) throw notFound();
  prunePolicyBindings(state);
  const binding = state.policyBindings.get(canonicalUuid(id));
  if (!binding) throw notFoundFor("PolicyBinding");
  return binding;
}

function integerInRange(body: BodyReader, key: string, min: number, options: { required?: boolean } = {}): number | undefined {
  const value = body.integer(key, options);
  if (value === undefined) return undefined;
  if (value > INT_MAX) return body.fail(key, `Ensure this value is less than or equal to ${INT_MAX}.`);
  if (value < min) return body.fail(key, `Ensure this value is greater than or equal to ${min}.`);
  return value;
}

/** The fields, then `validate()`: exactly one of policy, user or group (checked on the binding as it would be saved). */
async function readBinding(request: ApiRequest, state: ApiState, instance: PolicyBindingRecord | undefined, partial: boolean) {
  const body = BodyReader.from(await request.body(), partial);
  const policyPk = body.relatedUuid("policy", () => false, { allowNull: true });
  const groupPk = body.relatedUuid("group", (pk) => !!state.directory.getGroup(pk), { allowNull: true });
  const userPk = body.relatedInt("user", (pk) => !!state.directory.getUser(pk), { allowNull: true });
  let targetPk: string | undefined;
  const rawTarget = body.string("target", { required: true });
  if (rawTarget) {
    if (!isUuid(rawTarget)) body.fail("target", MESSAGES.invalidUuidValue(rawTarget));
    else targetPk = findPolicyBindingModel(state, canonicalUuid(rawTarget))?.pk ?? body.fail("target", MESSAGES.doesNotExist(rawTarget));
  }
  const input = {
    policyPk,
    groupPk,
    userPk,
    targetPk,
    negate: body.boolean("negate"),
    enabled: body.boolean("enabled"),
    order: integerInRange(body, "order", -INT_MAX - 1, { required: true }),
    timeout: integerInRange(body, "timeout", 0),
    failureResult: body.boolean("failure_result"),
  };
  body.throwIfInvalid();
  const merged = { ...instance, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) };
  const count = [merged.policyPk, merged.userPk, merged.groupPk].filter((value) => value !== null && value !== undefined).length;
  if (count > 1) throw validationError({ non_field_errors: [`Only one of ${SUPPORTED} can be set.`] });
  if (count < 1) throw validationError({ non_field_errors: [`One of ${SUPPORTED} must be set.`] });
  return input;
}

type BindingInput = Awaited<ReturnType<typeof readBinding>>;

function apply(binding: PolicyBindingRecord, input: BindingInput): void {
  for (const [key, value] of Object.entries(input) as [keyof BindingInput, unknown][]) {
    if (value !== undefined) (binding as unknown as Record<string, unknown>)[key] = value;
  }
}

/** PolicyBindingFilter: policy, policy__isnull, target and target_in (by pbm_uuid), enabled, order, timeout. */
function list(request: ApiRequest, state: ApiState) {
  const { query } = request;
  prunePolicyBindings(state);
  const models = policyBindingModels(state);
  const errors: Record<string, string[]> = {};
  let bindings = [...state.policyBindings.values()];
  // No policies exist in the fake: any policy asked for is an invalid choice.
  if (textParam(query, "policy") !== undefined) errors.policy = [INVALID_CHOICE];
  const policyIsNull = booleanParam(query, "policy__isnull");
  if (policyIsNull !== undefined) bindings = bindings.filter((binding) => (binding.policyPk === null) === policyIsNull);
  const target = textParam(query, "target");
  if (target !== undefined) {
    const model = isUuid(target) ? models.find((candidate) => candidate.pbmUuid === canonicalUuid(target)) : undefined;
    if (!model) errors.target = [INVALID_CHOICE];
    else bindings = bindings.filter((binding) => binding.targetPk === model.pk);
  }
  const targetIn = query.getAll("target_in").filter(Boolean);
  if (targetIn.length > 0) {
    const wanted = new Set<string>();
    for (const value of targetIn) {
      const model = isUuid(value) ? models.find((candidate) => candidate.pbmUuid === canonicalUuid(value)) : undefined;
      if (!isUuid(value)) errors.target_in = [`“${value}” is not a valid value.`];
      else if (!model) errors.target_in = [`Select a valid choice. ${value} is not one of the available choices.`];
      else wanted.add(model.pk);
    }
    bindings = bindings.filter((binding) => wanted.has(binding.targetPk));
  }
  const enabled = booleanParam(query, "enabled");
  if (enabled !== undefined) bindings = bindings.filter((binding) => binding.enabled === enabled);
  for (const [param, key] of [
    ["order", "order"],
    ["timeout", "timeout"],
  ] as const) {
    const value = textParam(query, param);
    if (value === undefined) continue;
    if (!/^\s*[-+]?\d+(\.\d+)?\s*$/.test(value)) errors[param] = ["Enter a number."];
    else bindings = bindings.filter((binding) => binding[key] === Number(value));
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  // search_fields = ["policy__name"]: bindings without a policy match no search term.
  bindings = search(bindings, query, [() => undefined]);
  const ordered = order(
    bindings,
    query,
    {
      pk: (b) => b.pk,
      policy: (b) => b.policyPk,
      group: (b) => b.groupPk,
      user: (b) => b.userPk,
      target: (b) => b.targetPk,
      negate: (b) => b.negate,
      enabled: (b) => b.enabled,
      order: (b) => b.order,
      timeout: (b) => b.timeout,
      failure_result: (b) => b.failureResult,
    },
    ["target", "order"],
  );
  return { status: 200, body: paginate(ordered, query, state, (binding) => serializeBinding(state, binding)) };
}

async function create(request: ApiRequest, state: ApiState) {
  const input = await readBinding(request, state, undefined, false);
  const binding: PolicyBindingRecord = {
    pk: randomUUID(),
    targetPk: input.targetPk!,
    policyPk: null,
    groupPk: null,
    userPk: null,
    negate: false,
    enabled: true,
    order: input.order!,
    timeout: 30,
    failureResult: false,
  };
  apply(binding, input);
  state.policyBindings.set(binding.pk, binding);
  state.events.model("model_created", bindingRef(state, binding), eventUser(request.user), request.info);
  return { status: 201, body: serializeBinding(state, binding) };
}

async function update(request: ApiRequest, state: ApiState, partial: boolean) {
  const binding = findBinding(state, request.params.policy_binding_uuid!);
  apply(binding, await readBinding(request, state, binding, partial));
  state.events.model("model_updated", bindingRef(state, binding), eventUser(request.user), request.info);
  return { status: 200, body: serializeBinding(state, binding) };
}

function destroy(request: ApiRequest, state: ApiState) {
  const binding = findBinding(state, request.params.policy_binding_uuid!);
  state.events.model("model_deleted", bindingRef(state, binding), eventUser(request.user), request.info);
  state.policyBindings.delete(binding.pk);
  return { status: 204 };
}

export const policyBindingRoutes: Route[] = [
  { method: "GET", path: "/policies/bindings/", handler: list },
  { method: "POST", path: "/policies/bindings/", handler: create },
  {
    method: "GET",
    path: "/policies/bindings/{policy_binding_uuid}/",
    handler: (request, state) => ({ status: 200, body: serializeBinding(state, findBinding(state, request.params.policy_binding_uuid!)) }),
  },
  { method: "PUT", path: "/policies/bindings/{policy_binding_uuid}/", handler: (request, state) => update(request, state, false) },
  { method: "PATCH", path: "/policies/bindings/{policy_binding_uuid}/", handler: (request, state) => update(request, state, true) },
  { method: "DELETE", path: "/policies/bindings/{policy_binding_uuid}/", handler: destroy },
];
