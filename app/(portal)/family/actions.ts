"use server";

import { revalidatePath } from "next/cache";
import { createInvitesInput, inviteRefInput } from "@/lib/invites/input";
import { createInvites, resendInvite, revokeInvite } from "@/lib/invites/service";
import { changeQuotaInput, changeRoleInput, familyRefInput, memberRefInput, transferInput } from "@/lib/members/input";
import { changeMemberQuota, changeMemberRole, leaveFamily, removeMember, transferOwnership } from "@/lib/members/service";
import { actorOf } from "@/lib/audit/actor";
import { defineAction } from "@/lib/platform/define-action";

/** The acting person comes from the session only; the family is re-checked by every service verb. */
const refresh = (familyId: number) => revalidatePath(`/family/${familyId}`);

export const inviteMembersAction = defineAction({
  area: "family",
  schema: createInvitesInput,
  run: async (input, viewer, deps) => {
    const created = await createInvites({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return created.length === 1 ? `Invitation to ${created[0]!.email} is on its way.` : `${created.length} invitations are on their way.`;
  },
});

export const resendInviteAction = defineAction({
  area: "family",
  schema: inviteRefInput,
  run: async (input, viewer, deps) => {
    const invite = await resendInvite({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return `A new link was sent to ${invite.email}; the old one no longer works.`;
  },
});

export const revokeInviteAction = defineAction({
  area: "family",
  schema: inviteRefInput,
  run: async (input, viewer, deps) => {
    const invite = await revokeInvite({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return `The invitation to ${invite.email} was withdrawn.`;
  },
});

export const changeRoleAction = defineAction({
  area: "family",
  schema: changeRoleInput,
  run: async (input, viewer, deps) => {
    const member = await changeMemberRole({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return `${member.displayName} is now ${member.role}.`;
  },
});

export const changeQuotaAction = defineAction({
  area: "family",
  schema: changeQuotaInput,
  run: async (input, viewer, deps) => {
    const member = await changeMemberQuota({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return `Storage for ${member.displayName} updated; Immich follows in a moment.`;
  },
});

export const removeMemberAction = defineAction({
  area: "family",
  schema: memberRefInput,
  run: async (input, viewer, deps) => {
    const member = await removeMember({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return `${member.displayName} was removed from the family.`;
  },
});

export const leaveFamilyAction = defineAction({
  area: "family",
  schema: familyRefInput,
  run: async (input, viewer, deps) => {
    await leaveFamily({ actor: actorOf(viewer, "member"), input }, deps);
    revalidatePath("/family");
    return "You left the family.";
  },
});

export const transferOwnershipAction = defineAction({
  area: "family",
  schema: transferInput,
  run: async (input, viewer, deps) => {
    const member = await transferOwnership({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return `${member.displayName} now owns the family. You are an admin.`;
  },
});
