import { randomUUID } from "node:crypto";
import { MESSAGES, notFound, notFoundFor } from "./errors";
import { eventUser } from "./event-log";
import { BodyReader } from "./fields";
import { textParam } from "./filters";
import { serializeFlow } from "./flows";
import { canonicalUuid, formatDate, isUuid } from "./format";
import { order, paginate, search } from "./pagination";
import type { InvitationRecord } from "./records";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";
import { partialUser } from "./user-serializers";

/** authentik.stages.invitation.api.InvitationSerializer; `flow_obj` is null without a flow (the schema says otherwise). */
function serializeInvitation(state: ApiState, invitation: InvitationRecord) {
  const creator = state.directory.getUser(invitation.createdByPk);
  const flow = invitation.flowPk ? state.flows.get(invitation.flowPk) : undefined;
  return {
    pk: invitation.pk,
    name: invitation.name,
    expires: formatDate(invitation.expires),
    fixed_data: invitation.fixedData,
    created_by: creator ? partialUser(creator) : null,
    single_use: invitation.singleUse,
    flow: invitation.flowPk,
    flow_obj: flow ? serializeFlow(state, flow) : null,
  };
}

function findInvitation(state: ApiState, id: string): InvitationRecord {
  if (!isUuid(id)) throw notFound();
  const invitation = state.invitations.get(canonicalUuid(id));
  if (!invitation) throw notFoundFor("Invitation");
  return invitation;
}

function list(request: ApiRequest, state: ApiState) {
  const { query } = request;
  const creatorName = (invitation: InvitationRecord) => state.directory.getUser(invitation.createdByPk)?.username;
  const flowSlug = (invitation: InvitationRecord) => (invitation.flowPk ? state.flows.get(invitation.flowPk)?.slug : undefined);
  // The viewset lists expired invitations too (`Invitation.objects.including_expired()`).
  let invitations = [...state.invitations.values()];
  const name = textParam(query, "name");
  if (name !== undefined) invitations = invitations.filter((invitation) => invitation.name === name);
  const createdBy = textParam(query, "created_by__username");
  if (createdBy !== undefined) invitations = invitations.filter((invitation) => creatorName(invitation) === createdBy);
  const slug = textParam(query, "flow__slug");
  if (slug !== undefined) invitations = invitations.filter((invitation) => flowSlug(invitation) === slug);
  invitations = search(invitations, query, [(i) => i.name, creatorName, (i) => formatDate(i.expires), flowSlug]);
  const ordered = order(
    invitations,
    query,
    { pk: (i) => i.pk, name: (i) => i.name, expires: (i) => i.expires, single_use: (i) => i.singleUse, flow: (i) => i.flowPk },
    ["-expires"],
  );
  return { status: 200, body: paginate(ordered, query, state, (invitation) => serializeInvitation(state, invitation)) };
}

async function create(request: ApiRequest, state: ApiState) {
  const body = BodyReader.from(await request.body());
  const name = body.string("name", { required: true, pattern: /^[-a-zA-Z0-9_]+$/, patternMessage: MESSAGES.slug });
  const expires = body.datetime("expires", { allowNull: true });
  const fixedData = body.dict("fixed_data");
  const singleUse = body.boolean("single_use");
  const flow = body.relatedUuid("flow", (pk) => state.flows.has(pk), { allowNull: true });
  body.throwIfInvalid();
  const invitation: InvitationRecord = {
    pk: randomUUID(),
    name: name!,
    expires: expires ?? null,
    fixedData: fixedData ?? {},
    singleUse: singleUse ?? false,
    flowPk: flow ?? null,
    createdByPk: request.user.pk,
  };
  state.invitations.set(invitation.pk, invitation);
  state.events.model("model_created", state.invitationRef(invitation), eventUser(request.user), request.info);
  return { status: 201, body: serializeInvitation(state, invitation) };
}

function destroy(request: ApiRequest, state: ApiState) {
  const invitation = findInvitation(state, request.params.invite_uuid!);
  state.events.model("model_deleted", state.invitationRef(invitation), eventUser(request.user), request.info);
  state.invitations.delete(invitation.pk);
  return { status: 204 };
}

export const invitationRoutes: Route[] = [
  { method: "GET", path: "/stages/invitation/invitations/", handler: list },
  { method: "POST", path: "/stages/invitation/invitations/", handler: create },
  {
    method: "GET",
    path: "/stages/invitation/invitations/{invite_uuid}/",
    handler: (request, state) => ({ status: 200, body: serializeInvitation(state, findInvitation(state, request.params.invite_uuid!)) }),
  },
  { method: "DELETE", path: "/stages/invitation/invitations/{invite_uuid}/", handler: destroy },
];
