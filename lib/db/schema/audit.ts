import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { actorType } from "./enums";
import { families } from "./families";
import { tenants } from "./tenants";

/** Who did what to which entity. Secrets and tokens are never written here. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: integer().references(() => tenants.id, { onDelete: "set null" }),
    familyId: integer().references(() => families.id, { onDelete: "set null" }),
    actorType: actorType().notNull(),
    actorSub: text(),
    actorLabel: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_tenant_created_idx").on(t.tenantId, t.createdAt),
    index("audit_family_created_idx").on(t.familyId, t.createdAt),
    index("audit_entity_idx").on(t.entityType, t.entityId, t.createdAt),
    index("audit_actor_idx").on(t.actorSub, t.createdAt),
    index("audit_created_idx").on(t.createdAt),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
