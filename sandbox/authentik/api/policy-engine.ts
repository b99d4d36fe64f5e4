import type { DirectoryUser } from "../directory";
import type { ApplicationRecord, PolicyBindingRecord } from "./records";
import type { ApiState } from "./state";
import { allGroupsOf } from "./user-serializers";

/** A PolicyBindingModel the fake has: what a policy binding's `target` can be. */
export interface PolicyBindingModel {
  /** The subclass's pk, which the API shows as `target`. */
  pk: string;
  pbmUuid: string;
  /** `str()` of the model, for event names. */
  label: string;
  policyEngineMode: "all" | "any";
}

/** Applications (whose pk is their pbm_uuid), flows and flow stage bindings. */
export function policyBindingModels(state: ApiState): PolicyBindingModel[] {
  return [
    ...[...state.applications.values()].map((app) => ({
      pk: app.pk,
      pbmUuid: app.pk,
      label: app.name,
      policyEngineMode: app.policyEngineMode,
    })),
    ...[...state.flows.values()].map((flow) => ({
      pk: flow.pk,
      pbmUuid: flow.pbmUuid,
      label: `Flow ${flow.name} (${flow.slug})`,
      policyEngineMode: "any" as const,
    })),
    ...[...state.bindings.values()].map((binding) => ({
      pk: binding.pk,
      pbmUuid: binding.pbmUuid,
      label: `Flow-stage binding #${binding.order} to ${binding.targetPk}`,
      policyEngineMode: binding.policyEngineMode,
    })),
  ];
}

/** PolicyBindingModelForeignKey.to_internal_value: a subclass pk first, then a pbm_uuid. */
export function findPolicyBindingModel(state: ApiState, pk: string): PolicyBindingModel | undefined {
  const models = policyBindingModels(state);
  return models.find((model) => model.pk === pk) ?? models.find((model) => model.pbmUuid === pk);
}

/**
 * Drops the bindings whose target, group or user is gone: `on_delete=CASCADE` in Authentik, done
 * lazily here so every way of deleting (API, state helpers, tests) is covered.
 */
export function prunePolicyBindings(state: ApiState): void {
  const targets = new Set(policyBindingModels(state).map((model) => model.pk));
  for (const binding of [...state.policyBindings.values()]) {
    const gone =
      !targets.has(binding.targetPk) ||
      (binding.groupPk !== null && !state.directory.getGroup(binding.groupPk)) ||
      (binding.userPk !== null && !state.directory.getUser(binding.userPk));
    if (gone) state.policyBindings.delete(binding.pk);
  }
}

/** PolicyBinding.passes for the binding kinds the fake has (it has no policies). */
function bindingPasses(state: ApiState, binding: PolicyBindingRecord, user: DirectoryUser): boolean {
  if (binding.groupPk !== null) return allGroupsOf(state.directory, user).some((group) => group.pk === binding.groupPk);
  if (binding.userPk !== null) return binding.userPk === user.pk;
  return false;
}

/**
 * PolicyEngine over a target's enabled bindings: each result negated when asked, combined by the
 * target's `policy_engine_mode`; a target without bindings lets everyone through.
 */
export function policiesPass(state: ApiState, target: Pick<PolicyBindingModel, "pk" | "policyEngineMode">, user: DirectoryUser): boolean {
  prunePolicyBindings(state);
  const bindings = [...state.policyBindings.values()].filter((binding) => binding.targetPk === target.pk && binding.enabled);
  if (bindings.length === 0) return true;
  const results = bindings.map((binding) => bindingPasses(state, binding, user) !== binding.negate);
  return target.policyEngineMode === "all" ? results.every(Boolean) : results.some(Boolean);
}

/** PolicyAccessView.user_has_access for an application. */
export function userCanAccess(state: ApiState, application: ApplicationRecord, user: DirectoryUser): boolean {
  return policiesPass(state, application, user);
}
