import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { families, members, tenants } from "@/lib/db/schema";
import { jobsForSubjects, type JobState } from "@/lib/jobs/status";

export type StepState = "done" | "pending" | "retrying" | "failed";

export interface ProvisioningStatus {
  memberId: number;
  familyName: string;
  /** States only: job errors are for operators, never shown to the invitee. */
  steps: { key: "account" | "joined" | "group" | "photos"; state: StepState }[];
  /** Set once everything is done: where "Open my photos" goes. */
  photosUrl: string | null;
}

function stepState(state: JobState | undefined): StepState {
  if (state === "completed") return "done";
  if (state === "failed") return "failed";
  if (state === "retry") return "retrying";
  return "pending";
}

/** The invitee's own provisioning, live from the job queue; only for the member's own `sub`. */
export async function provisioningStatus(db: Executor, memberId: number, sub: string): Promise<ProvisioningStatus | undefined> {
  const [row] = await db
    .select({ member: members, familyName: families.name, immichUrl: tenants.immichUrl })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .innerJoin(tenants, eq(tenants.id, members.tenantId))
    .where(and(eq(members.id, memberId), eq(members.authentikSub, sub)));
  if (!row) return undefined;
  const jobs = await jobsForSubjects(db, "member", [memberId]);
  const latest = (queue: string) => jobs.find((job) => job.queue === queue);
  const group = latest("authentik.add-member-to-group");
  const photos = latest("immich.provision-user");
  const steps: ProvisioningStatus["steps"] = [
    { key: "account", state: "done" },
    { key: "joined", state: "done" },
    { key: "group", state: stepState(group?.state) },
    { key: "photos", state: row.member.immichUserId ? "done" : stepState(photos?.state) },
  ];
  const allDone = steps.every((step) => step.state === "done");
  return {
    memberId,
    familyName: row.familyName,
    steps,
    photosUrl: allDone ? `${row.immichUrl.replace(/\/+$/, "")}/auth/login?autoLaunch=1` : null,
  };
}
