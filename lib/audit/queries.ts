import "server-only";
import { desc } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";

export function listRecentAuditEvents(db: Executor, limit: number) {
  return db.select().from(auditEvents).orderBy(desc(auditEvents.createdAt)).limit(limit);
}
