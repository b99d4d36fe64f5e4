import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { families, members, tenants } from "@/lib/db/schema";
import { queueNames } from "@/lib/jobs/queue";
import { jobsForSubjects, type JobState } from "@/lib/jobs/status";
import { joinSteps, type JoinStepKey } from "@/lib/provisioning/plan";

export type StepState = "done" | "pending" | "retrying" | "failed";

export interface ProvisioningStatus {
  memberId: number;
  familyName: string;
  /** States only: job errors are for operators, never shown to the invitee. */
  steps: { key: JoinStepKey; state: StepState }[];
  /** Set once everything is done: where "Open my photos" goes. */
  photosUrl: string | null;
}

function stepState(state: JobState | undefined): StepState {
  if (state === "completed") return "done";
  if (state === "failed") return "failed";
  if (state === "retry") return "retrying";
  return "pending";
}

/**
 * The invitee's own provisioning, live from the job queue; only for the member's own `sub`.
 * The steps are the provisioning plan's; `photosLoginUrl` says where the photos open.
 */
export async function provisioningStatus(
  db: Executor,
  memberId: number,
  sub: string,
  photosLoginUrl: (tenant: { immichUrl: string }) => string,
): Promise<ProvisioningStatus | undefined> {
  const [row] = await db
    .select({ member: members, familyName: families.name, sharingMode: families.sharingMode, immichUrl: tenants.immichUrl })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .innerJoin(tenants, eq(tenants.id, members.tenantId))
    .where(and(eq(members.id, memberId), eq(members.identitySub, sub)));
  if (!row) return undefined;
  const jobs = await jobsForSubjects(db, "member", [memberId]);
  const steps: ProvisioningStatus["steps"] = joinSteps({ sharingMode: row.sharingMode }).map((step) => {
    if (!step.queue) return { key: step.key, state: "done" };
    if (step.key === "photos" && row.member.immichUserId) return { key: step.key, state: "done" };
    const names = queueNames(step.queue);
    return { key: step.key, state: stepState(jobs.find((job) => names.includes(job.queue))?.state) };
  });
  const allDone = steps.every((step) => step.state === "done");
  return { memberId, familyName: row.familyName, steps, photosUrl: allDone ? photosLoginUrl(row) : null };
}
