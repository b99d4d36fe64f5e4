import { Permission, PartnerDirection, type PartnerResponseDto } from "@immich/sdk";
import { z } from "zod";
import { badRequest, noAccess } from "../errors";
import { emailToAvatarColor } from "../mappers";
import { created, noContent, ok, protectedRoute, type Route } from "../router";
import { parse, UUIDParamSchema } from "../schemas";
import type { ImmichStore, StoredPartner } from "../store";

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
    // Not in Immich 3.2.2 (its service would store a row sharing with oneself); the fake refuses
    // it with the body Immich gives for a user it cannot share with.
    if (sharedWithId === auth.user.id) throw badRequest("Invalid user");
    // userRepository.get without withDeleted: a soft-deleted user cannot be shared with.
    if (!store.getUser(sharedWithId)) throw badRequest("Invalid user");
    return created(mapPartner(store, store.insertPartner(auth.user.id, sharedWithId), "shared-by"));
  }),

  protectedRoute("PUT", "/api/partners/:id", { permission: Permission.PartnerUpdate }, ({ params, body, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    const { inTimeline } = parse(PartnerUpdateSchema, body);
    // AccessRepository.partner.checkUpdateAccess: a row shared with the caller by a live user.
    if (!store.getPartner(id, auth.user.id) || !store.getUser(id)) throw noAccess(Permission.PartnerUpdate);
    return ok(mapPartner(store, store.updatePartner(id, auth.user.id, inTimeline), "shared-with"));
  }),

  protectedRoute("DELETE", "/api/partners/:id", { permission: Permission.PartnerDelete }, ({ params, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    if (!store.getPartner(auth.user.id, id)) throw badRequest("Partner not found");
    store.deletePartner(auth.user.id, id);
    return noContent();
  }),
];
