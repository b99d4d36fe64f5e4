import { IntegrationError } from "@/lib/integrations/errors";
import { retryRead } from "@/lib/integrations/retry";
import type { EnrollmentInvitationRequest } from "../port";
import { callAuthentik, type AuthentikApis } from "./client";
import { ENROLLMENT_FLOW_SLUG as ENROLLMENT_FLOW } from "./setup-check";

/** What the enrollment flow's user-write stage puts on the new user (docs/authentik-setup.md). */
function fixedDataOf(request: EnrollmentInvitationRequest) {
  return {
    email: request.email,
    attributes: {
      castello_invite: String(request.inviteId),
      castello_family: String(request.familyId),
      castello_tenant: request.tenantSlug,
    },
  };
}

const flowPks = new Map<string, string>();

async function enrollmentFlowPk(apis: AuthentikApis): Promise<string> {
  const cached = flowPks.get(ENROLLMENT_FLOW);
  if (cached) return cached;
  const flow = await retryRead(() => callAuthentik(() => apis.flows.flowsInstancesRetrieve({ slug: ENROLLMENT_FLOW })));
  flowPks.set(ENROLLMENT_FLOW, flow.pk);
  return flow.pk;
}

/** True while the invitation exists: Authentik deletes a single-use one as soon as the flow uses it. */
export async function invitationExists(apis: AuthentikApis, pk: string): Promise<boolean> {
  try {
    await retryRead(() => callAuthentik(() => apis.stages.stagesInvitationInvitationsRetrieve({ inviteUuid: pk })));
    return true;
  } catch (error) {
    if (error instanceof IntegrationError && error.kind === "not_found") return false;
    throw error;
  }
}

/**
 * Creates the single-use invitation for the enrollment flow, under a deterministic name, or
 * adopts the one a timed-out earlier attempt already created.
 */
export async function ensureInvitation(apis: AuthentikApis, input: EnrollmentInvitationRequest): Promise<string> {
  const existing = await retryRead(() => callAuthentik(() => apis.stages.stagesInvitationInvitationsList({ name: input.name })));
  const found = existing.results.find((invitation) => invitation.name === input.name);
  if (found) return found.pk;
  const flow = await enrollmentFlowPk(apis);
  const created = await callAuthentik(() =>
    apis.stages.stagesInvitationInvitationsCreate({
      invitationRequest: { name: input.name, expires: input.expires, fixedData: fixedDataOf(input), singleUse: true, flow },
    }),
  );
  return created.pk;
}

export async function deleteInvitation(apis: AuthentikApis, pk: string): Promise<void> {
  try {
    await callAuthentik(() => apis.stages.stagesInvitationInvitationsDestroy({ inviteUuid: pk }));
  } catch (error) {
    if (!(error instanceof IntegrationError && error.kind === "not_found")) throw error;
  }
}

export function enrollmentUrl(authentikUrl: string, invitationPk: string): string {
  return `${authentikUrl.replace(/\/+$/, "")}/if/flow/${ENROLLMENT_FLOW}/?itoken=${encodeURIComponent(invitationPk)}`;
}
