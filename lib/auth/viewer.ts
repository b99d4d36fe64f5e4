import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getEnv } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { findActiveMembershipsBySub, type Membership } from "@/lib/families/queries";
import { getAuthentik } from "@/lib/server/integrations";
import { auth } from "./config";
import { currentGroups } from "./staff-groups";
import { staffAreasFromGroups, type Area } from "./roles";

export interface Viewer {
  sub: string;
  name: string;
  email: string;
  areas: Area[];
  memberships: Membership[];
}

/** The signed-in person with their areas, read once per request. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  if (!session?.user?.sub) return null;
  const env = getEnv();
  const memberships = await findActiveMembershipsBySub(getDb(), session.user.sub);
  const staffGroups = [env.CASTELLO_OPERATOR_GROUP, env.CASTELLO_SUPPORT_GROUP];
  const groups = await currentGroups(getAuthentik(), session.user, staffGroups);
  const areas = staffAreasFromGroups(groups, {
    operatorGroup: env.CASTELLO_OPERATOR_GROUP,
    supportGroup: env.CASTELLO_SUPPORT_GROUP,
  });
  if (memberships.length > 0) areas.push("family");
  return { sub: session.user.sub, name: session.user.name, email: session.user.email, areas, memberships };
});

/** For pages: sends a signed-out person to sign in, and answers 404 to anyone outside the area. */
export async function requireArea(area: Area): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/");
  if (!viewer.areas.includes(area)) notFound();
  return viewer;
}

export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/");
  return viewer;
}
