import { Permission, PartnerDirection, type PartnerResponseDto, type SessionResponseDto } from "@immich/sdk";
import { z } from "zod";
import { badRequest } from "../errors";
import { emailToAvatarColor } from "../mappers";
import { created, noContent, ok, protectedRoute, type Route } from "../router";
import { parse, UUIDParamSchema } from "../schemas";
import type { ImmichStore, StoredPartner, StoredSession } from "../store";

const PartnerSearchSchema = z.object({ direction: z.enum(PartnerDirection) });
const PartnerCreateSchema = z.object({ sharedWithId: z.uuidv4() });
const PartnerUpdateSchema = z.object({ inTimeline: z.boolean() });

/** partnerResponse: the other user of the row, with the row's `inTimeline`. */
function mapPartner(store: ImmichStore, row: StoredPartner, direction: "shared-by" | "shared-with"): PartnerResponseDto {
  const other = store.getUser(direction === "shared-by" ? row.sharedWithId : row.sharedById, { withDeleted: true })!;
  return {
    id: other.id,
    name: other.name,
    email: other.email,
    avatarColor: other.avatarColor ?? emailToAvatarColor(other.email),
    profileImagePath: other.profileImagePath,
    profileChangedAt: other.profileChangedAt.toISOString(),
    inTimeline: row.inTimeline,
  };
}

/** AccessRepository's refusal when the caller may not touch the ids it named. */
const noAccess = (permission: Permission) => badRequest(`Not found or no ${permission} access`);

/**
 * /api/partners (server/src/controllers/partner.controller.ts, services/partner.service.ts):
 * the sharer is always the caller; the partner who receives a share sets `inTimeline`.
 */
export const partnerRoutes: Route[] = [
  protectedRoute("GET", "/api/partners", { permission: Permission.PartnerRead }, ({ url, store }, auth) => {
    const { direction } = parse(PartnerSearchSchema, Object.fromEntries(url.searchParams));
    return ok(store.listPartners(auth.user.id, direction).map((row) => mapPartner(store, row, direction)));
  }),

  protectedRoute("POST", "/api/partners", { permission: Permission.PartnerCreate }, ({ body, store }, auth) => {
    const { sharedWithId } = parse(PartnerCreateSchema, body);
    if (store.getPartner(auth.user.id, sharedWithId)) throw badRequest("Partner already exists");
    if (!store.getUser(sharedWithId)) throw badRequest("User not found");
    return created(mapPartner(store, store.insertPartner(auth.user.id, sharedWithId), "shared-by"));
  }),

  protectedRoute("PUT", "/api/partners/:id", { permission: Permission.PartnerUpdate }, ({ params, body, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    const { inTimeline } = parse(PartnerUpdateSchema, body);
    if (!store.getPartner(id, auth.user.id)) throw noAccess(Permission.PartnerUpdate);
    return ok(mapPartner(store, store.updatePartner(id, auth.user.id, inTimeline), "shared-with"));
  }),

  protectedRoute("DELETE", "/api/partners/:id", { permission: Permission.PartnerDelete }, ({ params, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    if (!store.getPartner(auth.user.id, id)) throw badRequest("Partner not found");
    store.deletePartner(auth.user.id, id);
    return noContent();
  }),
];

function mapSession(session: StoredSession, currentId: string | undefined): SessionResponseDto {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    current: session.id === currentId,
    deviceOS: "",
    deviceType: "",
    appVersion: null,
    isPendingSyncReset: false,
  };
}

/** /api/sessions (server/src/services/session.service.ts): always the caller's own sessions. */
export const sessionRoutes: Route[] = [
  protectedRoute("GET", "/api/sessions", { permission: Permission.SessionRead }, ({ store }, auth) =>
    ok(store.listSessions(auth.user.id).map((session) => mapSession(session, auth.session?.id))),
  ),

  // deleteAll: every session of the caller but the one making the call.
  protectedRoute("DELETE", "/api/sessions", { permission: Permission.SessionDelete }, ({ store }, auth) => {
    for (const session of store.listSessions(auth.user.id)) if (session.id !== auth.session?.id) store.deleteSession(session.id);
    return noContent();
  }),

  protectedRoute("DELETE", "/api/sessions/:id", { permission: Permission.SessionDelete }, ({ params, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    if (store.getSession(id)?.userId !== auth.user.id) throw noAccess(Permission.SessionDelete);
    store.deleteSession(id);
    return noContent();
  }),
];
