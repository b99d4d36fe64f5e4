import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth/config";
import { staffAreasFromGroups, type Area } from "@/lib/auth/roles";
import { revokeSessionsOf } from "@/lib/auth/sessions";
import { checkStaffGroups } from "@/lib/auth/staff-groups";
import { findActiveMembershipsBySub, type Membership } from "@/lib/families/queries";
import { logger } from "@/lib/observability/logger";
import { serverDeps } from "./server";

export interface Viewer {
  sub: string;
  name: string;
  email: string;
  areas: Area[];
  memberships: Membership[];
  /** Staff areas are closed because the identity provider could not confirm them (see /staff-unavailable). */
  staffUnavailable: boolean;
}

/** The signed-in person with their areas, read once per request. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  if (!session?.user?.sub) return null;
  const deps = serverDeps();
  const memberships = await findActiveMembershipsBySub(deps.db, session.user.sub);
  const staff = await checkStaffGroups(deps.identity, session.user, deps.staffGroups);
  if (staff.lost.length > 0) {
    // Taken out of a staff group (or deactivated): this session, and any other, ends now.
    await revokeSessionsOf(deps.db, session.user.sub, "no longer staff");
    logger("auth").warn("ended the sessions of someone no longer staff", { actor: session.user.sub, groups: staff.lost });
  }
  const areas = staffAreasFromGroups(staff.groups, { operatorGroup: deps.operatorGroup, supportGroup: deps.supportGroup });
  if (memberships.length > 0) areas.push("family");
  return {
    sub: session.user.sub,
    name: session.user.name,
    email: session.user.email,
    areas,
    memberships,
    staffUnavailable: staff.unverified,
  };
});

/** For pages: sends a signed-out person to sign in, and answers 404 to anyone outside the area. */
export async function requireArea(area: Area): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/");
  if (!viewer.areas.includes(area)) {
    if (area !== "family" && viewer.staffUnavailable) redirect("/staff-unavailable");
    notFound();
  }
  return viewer;
}

export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/");
  return viewer;
}
