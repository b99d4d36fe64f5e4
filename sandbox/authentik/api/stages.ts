import { notFound, notFoundFor } from "./errors";
import { eventUser } from "./event-log";
import { textParam } from "./filters";
import { serializeFlowSet } from "./flows";
import { canonicalUuid, isUuid, uuidHex } from "./format";
import { order, paginate, search } from "./pagination";
import type { FlowRecord, StageKind, StageRecord } from "./records";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";

interface StageModel {
  /** Django app label. */
  app: string;
  /** Model name, lower case. */
  model: string;
  /** The model's `component` property. */
  component: string;
  verboseName: string;
  verboseNamePlural: string;
}

/** What each Stage subclass reports: its `component` property and its Meta verbose names. */
const STAGE_MODELS: Record<StageKind, StageModel> = {
  invitation: {
    app: "authentik_stages_invitation",
    model: "invitationstage",
    component: "ak-stage-invitation-form",
    verboseName: "Invitation Stage",
    verboseNamePlural: "Invitation Stages",
  },
  prompt: {
    app: "authentik_stages_prompt",
    model: "promptstage",
    component: "ak-stage-prompt-form",
    verboseName: "Prompt Stage",
    verboseNamePlural: "Prompt Stages",
  },
  user_write: {
    app: "authentik_stages_user_write",
    model: "userwritestage",
    component: "ak-stage-user-write-form",
    verboseName: "User Write Stage",
    verboseNamePlural: "User Write Stages",
  },
  authenticator_validate: {
    app: "authentik_stages_authenticator_validate",
    model: "authenticatorvalidatestage",
    component: "ak-stage-authenticator-validate-form",
    verboseName: "Authenticator Validation Stage",
    verboseNamePlural: "Authenticator Validation Stages",
  },
  authenticator_totp: {
    app: "authentik_stages_authenticator_totp",
    model: "authenticatortotpstage",
    component: "ak-stage-authenticator-totp-form",
    verboseName: "TOTP Authenticator Setup Stage",
    verboseNamePlural: "TOTP Authenticator Setup Stages",
  },
  authenticator_webauthn: {
    app: "authentik_stages_authenticator_webauthn",
    model: "authenticatorwebauthnstage",
    component: "ak-stage-authenticator-webauthn-form",
    verboseName: "WebAuthn Authenticator Setup Stage",
    verboseNamePlural: "WebAuthn Authenticator Setup Stages",
  },
  user_login: {
    app: "authentik_stages_user_login",
    model: "userloginstage",
    component: "ak-stage-user-login-form",
    verboseName: "User Login Stage",
    verboseNamePlural: "User Login Stages",
  },
  redirect: {
    app: "authentik_stages_redirect",
    model: "redirectstage",
    component: "ak-stage-redirect-form",
    verboseName: "Redirect Stage",
    verboseNamePlural: "Redirect Stages",
  },
  email: {
    app: "authentik_stages_email",
    model: "emailstage",
    component: "ak-stage-email-form",
    verboseName: "Email Stage",
    verboseNamePlural: "Email Stages",
  },
};

/** authentik.flows.api.stages.StageSerializer; `flow_set` has one flow per binding (the M2M through FlowStageBinding). */
export function serializeStage(state: ApiState, stage: StageRecord) {
  const model = STAGE_MODELS[stage.kind];
  const flows = [...state.bindings.values()]
    .filter((binding) => binding.stagePk === stage.pk)
    .map((binding) => state.flows.get(binding.targetPk))
    .filter((flow): flow is FlowRecord => !!flow);
  return {
    pk: stage.pk,
    name: stage.name,
    component: model.component,
    verbose_name: model.verboseName,
    verbose_name_plural: model.verboseNamePlural,
    meta_model_name: `${model.app}.${model.model}`,
    flow_set: flows.map(serializeFlowSet),
  };
}

export function stageRef(stage: StageRecord) {
  const model = STAGE_MODELS[stage.kind];
  return { app: model.app, model_name: model.model, pk: uuidHex(stage.pk), name: stage.name };
}

function findStage(state: ApiState, id: string): StageRecord {
  if (!isUuid(id)) throw notFound();
  const stage = state.stages.get(canonicalUuid(id));
  if (!stage) throw notFoundFor("Stage");
  return stage;
}

/** StageViewSet: filter and search on `name`; the queryset has no ordering, so stages come in creation order. */
function list(request: ApiRequest, state: ApiState) {
  const { query } = request;
  let stages = [...state.stages.values()];
  const name = textParam(query, "name");
  if (name !== undefined) stages = stages.filter((stage) => stage.name === name);
  stages = search(stages, query, [(s) => s.name]);
  const ordered = order(stages, query, { pk: (s) => s.pk, name: (s) => s.name }, []);
  return { status: 200, body: paginate(ordered, query, state, (stage) => serializeStage(state, stage)) };
}

function destroy(request: ApiRequest, state: ApiState) {
  const stage = findStage(state, request.params.stage_uuid!);
  state.events.model("model_deleted", stageRef(stage), eventUser(request.user), request.info);
  state.deleteStage(stage.pk);
  return { status: 204 };
}

export const stageRoutes: Route[] = [
  { method: "GET", path: "/stages/all/", handler: list },
  {
    method: "GET",
    path: "/stages/all/{stage_uuid}/",
    handler: (request, state) => ({ status: 200, body: serializeStage(state, findStage(state, request.params.stage_uuid!)) }),
  },
  { method: "DELETE", path: "/stages/all/{stage_uuid}/", handler: destroy },
];
