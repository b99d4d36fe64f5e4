"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actorOf } from "@/lib/audit/actor";
import { restoreFamily } from "@/lib/families/closing";
import { message } from "@/lib/i18n/message";
import { defineAction } from "@/lib/platform/define-action";
import { serverDeps } from "@/lib/platform/server";
import { getViewer } from "@/lib/platform/viewer";
import {
  familyActionInput,
  inviteActionInput,
  memberActionInput,
  openFamilyReviewInput,
  openReviewInput,
  personActionInput,
  resetMfaInput,
  revealLinkInput,
} from "@/lib/support/input";
import { MAX_SEARCH_LENGTH, searchEverything, type SearchResults } from "@/lib/support/search";
import {
  createPersonRecoveryLink,
  openAccountReview,
  openFamilyReview,
  reactivatePerson,
  resendInviteAsSupport,
  resetPersonMfa,
  restorePersonPhotos,
  revealRecoveryLink,
  revokeInviteAsSupport,
  sendPersonRecoveryEmail,
  suspendPerson,
} from "@/lib/support/service";

const personPath = (sub: string) => `/support/people/${encodeURIComponent(sub)}`;

/**
 * The console's search box, as you type. A POST (server action), so what support types is in
 * no URL, history or access log.
 */
export async function searchAction(query: unknown): Promise<SearchResults | null> {
  const viewer = await getViewer();
  if (!viewer?.areas.includes("support")) return null;
  if (typeof query !== "string") return null;
  // Control characters match nothing anyone typed (and Postgres refuses NUL): they are dropped.
  return searchEverything(serverDeps().db, query.slice(0, MAX_SEARCH_LENGTH * 2).replace(/[\u0000-\u001F\u007F]/g, ""));
}

export const openReviewAction = defineAction({
  area: "support",
  schema: openReviewInput,
  run: async (input, viewer, deps) => {
    await openAccountReview({ actor: actorOf(viewer, "support"), input }, deps);
    redirect(personPath(input.sub));
  },
});

export const openFamilyReviewAction = defineAction({
  area: "support",
  schema: openFamilyReviewInput,
  run: async (input, viewer, deps) => {
    await openFamilyReview({ actor: actorOf(viewer, "support"), input }, deps);
    redirect(`/support/families/${input.familyId}`);
  },
});

export const resetMfaAction = defineAction({
  area: "support",
  schema: resetMfaInput,
  run: async (input, viewer, deps) => {
    await resetPersonMfa({ actor: actorOf(viewer, "support"), input }, deps);
    revalidatePath(personPath(input.sub));
    return message(input.deviceId ? "support.done.mfaDevice" : "support.done.mfaAll");
  },
});

export const recoveryEmailAction = defineAction({
  area: "support",
  schema: personActionInput,
  run: async (input, viewer, deps) => {
    await sendPersonRecoveryEmail({ actor: actorOf(viewer, "support"), input }, deps);
    revalidatePath(personPath(input.sub));
    return message("support.done.recoveryEmail");
  },
});

export const recoveryLinkAction = defineAction({
  area: "support",
  schema: personActionInput,
  run: async (input, viewer, deps) => {
    await createPersonRecoveryLink({ actor: actorOf(viewer, "support"), input }, deps);
    revalidatePath(personPath(input.sub));
    return message("support.done.recoveryLink");
  },
});

export const revealLinkAction = defineAction({
  area: "support",
  schema: revealLinkInput,
  run: async (input, viewer, deps) => {
    const link = await revealRecoveryLink({ actor: actorOf(viewer, "support"), input }, deps);
    return message("support.recovery.revealed", { link });
  },
});

export const suspendPersonAction = defineAction({
  area: "support",
  schema: personActionInput,
  run: async (input, viewer, deps) => {
    await suspendPerson({ actor: actorOf(viewer, "support"), input }, deps);
    revalidatePath(personPath(input.sub));
    return message("support.done.suspended");
  },
});

export const reactivatePersonAction = defineAction({
  area: "support",
  schema: personActionInput,
  run: async (input, viewer, deps) => {
    await reactivatePerson({ actor: actorOf(viewer, "support"), input }, deps);
    revalidatePath(personPath(input.sub));
    return message("support.done.reactivated");
  },
});

export const restorePhotosAction = defineAction({
  area: "support",
  schema: memberActionInput,
  run: async (input, viewer, deps) => {
    await restorePersonPhotos({ actor: actorOf(viewer, "support"), input }, deps);
    revalidatePath(personPath(input.sub));
    return message("support.done.photosRestored");
  },
});

export const resendInviteAction = defineAction({
  area: "support",
  schema: inviteActionInput,
  run: async (input, viewer, deps) => {
    await resendInviteAsSupport({ actor: actorOf(viewer, "support"), input }, deps);
    revalidatePath(personPath(input.sub));
    return message("support.done.inviteResent");
  },
});

export const revokeInviteAction = defineAction({
  area: "support",
  schema: inviteActionInput,
  run: async (input, viewer, deps) => {
    await revokeInviteAsSupport({ actor: actorOf(viewer, "support"), input }, deps);
    revalidatePath(personPath(input.sub));
    return message("support.done.inviteRevoked");
  },
});

export const restoreFamilyAction = defineAction({
  area: "support",
  schema: familyActionInput,
  run: async (input, viewer, deps) => {
    await restoreFamily({ actor: actorOf(viewer, "support"), input }, deps);
    revalidatePath("/support", "layout");
    return message("support.done.familyRestored");
  },
});
