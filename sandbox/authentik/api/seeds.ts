import { randomUUID } from "node:crypto";
import { evaluateClaimNamesSync } from "../oidc/claims";
import type { FlowRecord, FlowStageBindingRecord, ScopeMappingRecord, StageKind, StageRecord } from "./records";

/** Slug of the enrollment flow Castello's blueprint installs. */
export const ENROLLMENT_FLOW_SLUG = "castello-enrollment";
export const RECOVERY_FLOW_SLUG = "default-recovery-flow";

function flow(
  slug: string,
  name: string,
  title: string,
  designation: FlowRecord["designation"],
  authentication: FlowRecord["authentication"] = "none",
): FlowRecord {
  return { pk: randomUUID(), pbmUuid: randomUUID(), slug, name, title, designation, authentication };
}

/** The flows of a fresh Authentik plus the ones Castello's blueprints add. */
export function seedFlows(): FlowRecord[] {
  return [
    flow("default-authentication-flow", "Welcome to authentik!", "Welcome to authentik!", "authentication"),
    flow("default-invalidation-flow", "Logout", "Default Invalidation Flow", "invalidation"),
    flow(
      "default-provider-authorization-explicit-consent",
      "Authorize Application",
      "Redirecting to %(app)s",
      "authorization",
      "require_authenticated",
    ),
    flow(
      "default-provider-authorization-implicit-consent",
      "Authorize Application",
      "Redirecting to %(app)s",
      "authorization",
      "require_authenticated",
    ),
    flow("default-provider-invalidation-flow", "Logged out of application", "You've logged out of %(app)s.", "invalidation"),
    flow("default-user-settings-flow", "User settings", "Update your info", "stage_configuration", "require_authenticated"),
    flow(RECOVERY_FLOW_SLUG, "Default recovery flow", "Reset your password", "recovery", "require_unauthenticated"),
    flow(ENROLLMENT_FLOW_SLUG, "Castello enrollment", "Join your family on Castello", "enrollment", "require_unauthenticated"),
  ];
}

function scope(scopeName: string, description: string, expression: string): ScopeMappingRecord {
  return {
    pk: randomUUID(),
    managed: `goauthentik.io/providers/oauth2/scope-${scopeName}`,
    name: `authentik default OAuth Mapping: OpenID '${scopeName}'`,
    scopeName,
    description,
    expression,
  };
}

/**
 * The managed scope mappings from `blueprints/system/providers-oauth2.yaml`, with Authentik's
 * expressions; their claim names are evaluated in Python here (once per process).
 */
export function seedScopeMappings(): ScopeMappingRecord[] {
  const mappings = [
    scope("openid", "", "# This scope is handled by authentik natively.\n# Set your custom claims in other mappings\nreturn {}"),
    scope("email", "Email address", 'return {\n    "email": request.user.email,\n    "email_verified": False\n}'),
    scope(
      "profile",
      "General Profile Information",
      'return {\n    "name": request.user.name,\n    "given_name": request.user.name,\n    "preferred_username": request.user.username,\n    "nickname": request.user.username,\n    "groups": [group.name for group in request.user.groups.all()],\n}',
    ),
    scope(
      "offline_access",
      "Access to request new tokens without interaction",
      "# This scope is handled by authentik natively.\nreturn {}",
    ),
  ];
  const names = evaluateClaimNamesSync(mappings);
  return mappings.map((mapping, index) => ({ ...mapping, claimNames: names[index] }));
}

function stage(name: string, kind: StageKind): StageRecord {
  return { pk: randomUUID(), name, kind };
}

/** A binding with FlowStageBinding's defaults. */
export function binding(targetPk: string, stagePk: string, order: number): FlowStageBindingRecord {
  return {
    pk: randomUUID(),
    pbmUuid: randomUUID(),
    targetPk,
    stagePk,
    evaluateOnPlan: false,
    reEvaluatePolicies: true,
    order,
    policyEngineMode: "any",
    invalidResponseAction: "retry",
  };
}

/**
 * The stages of `authentik/blueprints/castello.yaml` and their bindings to the enrollment flow
 * (invitation → prompt → user write → MFA → login → redirect, orders 10 to 60). The TOTP and
 * WebAuthn set-up stages are only configuration stages of the MFA stage, bound to no flow.
 */
export function seedEnrollmentStages(enrollmentFlowPk: string): { stages: StageRecord[]; bindings: FlowStageBindingRecord[] } {
  const bound = [
    stage("castello-enrollment-invitation", "invitation"),
    stage("castello-enrollment-prompt", "prompt"),
    stage("castello-enrollment-user-write", "user_write"),
    stage("castello-enrollment-mfa", "authenticator_validate"),
    stage("castello-enrollment-login", "user_login"),
    stage("castello-enrollment-redirect", "redirect"),
  ];
  const configuration = [
    stage("castello-enrollment-totp-setup", "authenticator_totp"),
    stage("castello-enrollment-webauthn-setup", "authenticator_webauthn"),
  ];
  return {
    stages: [bound[0]!, bound[1]!, bound[2]!, ...configuration, ...bound.slice(3)],
    bindings: bound.map((entry, index) => binding(enrollmentFlowPk, entry.pk, (index + 1) * 10)),
  };
}
