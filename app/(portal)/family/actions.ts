"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createInvitesInput, inviteRefInput } from "@/lib/invites/input";
import { createInvites, resendInvite, revokeInvite } from "@/lib/invites/service";
import { changeQuotaInput, changeRoleInput, familyRefInput, memberRefInput, transferInput } from "@/lib/members/input";
import { changeMemberQuota, changeMemberRole, leaveFamily, removeMember, transferOwnership } from "@/lib/members/service";
import { actorOf } from "@/lib/audit/actor";
import { closeFamilyInput, familySettingsInput, sharingModeInput } from "@/lib/families/input";
import { changeSharingMode } from "@/lib/sharing/service";
import { closeFamily } from "@/lib/families/closing";
import { changeFamilySettings } from "@/lib/families/service";
import { message } from "@/lib/i18n/message";
import { defineAction } from "@/lib/platform/define-action";

/** The acting person comes from the session only; the family is re-checked by every service verb. */
const refresh = (familyId: number) => revalidatePath(`/family/${familyId}`);

export const inviteMembersAction = defineAction({
  area: "family",
  schema: createInvitesInput,
  run: async (input, viewer, deps) => {
    const created = await createInvites({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return created.length === 1
      ? message("family.done.invitedOne", { email: created[0]!.email })
      : message("family.done.invitedMany", { count: created.length });
  },
});

export const resendInviteAction = defineAction({
  area: "family",
  schema: inviteRefInput,
  run: async (input, viewer, deps) => {
    const invite = await resendInvite({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return message("family.done.resent", { email: invite.email });
  },
});

export const revokeInviteAction = defineAction({
  area: "family",
  schema: inviteRefInput,
  run: async (input, viewer, deps) => {
    const invite = await revokeInvite({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return message("family.done.revoked", { email: invite.email });
  },
});

export const changeRoleAction = defineAction({
  area: "family",
  schema: changeRoleInput,
  run: async (input, viewer, deps) => {
    const member = await changeMemberRole({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return message("family.done.roleChanged", { name: member.displayName, role: member.role });
  },
});

export const changeQuotaAction = defineAction({
  area: "family",
  schema: changeQuotaInput,
  run: async (input, viewer, deps) => {
    const member = await changeMemberQuota({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return message("family.done.quotaChanged", { name: member.displayName });
  },
});

export const removeMemberAction = defineAction({
  area: "family",
  schema: memberRefInput,
  run: async (input, viewer, deps) => {
    const member = await removeMember({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return message("family.done.removed", { name: member.displayName });
  },
});

export const leaveFamilyAction = defineAction({
  area: "family",
  schema: familyRefInput,
  run: async (input, viewer, deps) => {
    await leaveFamily({ actor: actorOf(viewer, "member"), input }, deps);
    revalidatePath("/family");
    return message("family.done.left");
  },
});

export const transferOwnershipAction = defineAction({
  area: "family",
  schema: transferInput,
  run: async (input, viewer, deps) => {
    const member = await transferOwnership({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    return message("family.done.transferred", { name: member.displayName });
  },
});

export const changeFamilySettingsAction = defineAction({
  area: "family",
  schema: familySettingsInput,
  run: async (input, viewer, deps) => {
    await changeFamilySettings({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    revalidatePath(`/family/${input.familyId}/settings`);
    return message("family.done.settingsSaved");
  },
});

/** The owner switches the family's photo library (or switches back: the undo). */
export const changeSharingModeAction = defineAction({
  area: "family",
  schema: sharingModeInput,
  run: async (input, viewer, deps) => {
    await changeSharingMode({ actor: actorOf(viewer, "member"), input }, deps);
    refresh(input.familyId);
    revalidatePath(`/family/${input.familyId}/settings`);
    return message(input.sharingMode === "shared_library" ? "family.done.sharedLibraryOn" : "family.done.sharedLibraryOff");
  },
});

/** The owner closes the family: back to their account page, which no longer lists it. */
export const closeFamilyAction = defineAction({
  area: "family",
  schema: closeFamilyInput,
  run: async (input, viewer, deps) => {
    await closeFamily({ actor: actorOf(viewer, "member"), input }, deps);
    revalidatePath("/family");
    redirect("/account?closed=1");
  },
});
