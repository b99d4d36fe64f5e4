import { pgEnum } from "drizzle-orm/pg-core";

export const FAMILY_ROLES = ["owner", "admin", "member", "guest"] as const;
export type FamilyRole = (typeof FAMILY_ROLES)[number];
export const familyRole = pgEnum("family_role", FAMILY_ROLES);

export const TENANT_STATUSES = ["active", "suspended"] as const;
export const tenantStatus = pgEnum("tenant_status", TENANT_STATUSES);

/**
 * A suspended family's members keep their rows but lose the family page and the photos server;
 * a closed one's members leave as its removal policy says, and it can be restored for a while.
 */
export const FAMILY_STATUSES = ["active", "suspended", "closed"] as const;
export type FamilyStatus = (typeof FAMILY_STATUSES)[number];
export const familyStatus = pgEnum("family_status", FAMILY_STATUSES);

export const SHARING_MODES = ["individual", "shared_library"] as const;
export type SharingMode = (typeof SHARING_MODES)[number];
export const sharingMode = pgEnum("sharing_mode", SHARING_MODES);

/** What happens to a removed member's Immich user. */
export const IMMICH_REMOVAL_POLICIES = ["soft_delete", "keep"] as const;
export type ImmichRemovalPolicy = (typeof IMMICH_REMOVAL_POLICIES)[number];
export const immichRemovalPolicy = pgEnum("immich_removal_policy", IMMICH_REMOVAL_POLICIES);

export const MEMBER_STATUSES = ["active", "removed", "left"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const memberStatus = pgEnum("member_status", MEMBER_STATUSES);

export const INVITE_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;
export type InviteStatus = (typeof INVITE_STATUSES)[number];
export const inviteStatus = pgEnum("invite_status", INVITE_STATUSES);

export const ACTOR_TYPES = ["member", "operator", "support", "invitee", "system"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];
export const actorType = pgEnum("actor_type", ACTOR_TYPES);

/** pending: in the outbox; dispatched: handed to pg-boss; completed / failed: its last attempt ended so (kept after pg-boss purges the job). */
export const OUTBOX_STATUSES = ["pending", "dispatched", "completed", "failed"] as const;
export const outboxStatus = pgEnum("outbox_status", OUTBOX_STATUSES);

/** How a member's Authentik account came to be: only accounts Castello's enrollment created are deactivated on removal. */
export const IDENTITY_ORIGINS = ["enrollment", "existing"] as const;
export const identityOrigin = pgEnum("identity_origin", IDENTITY_ORIGINS);
