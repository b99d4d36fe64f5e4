import { Permission, UserStatus } from "@immich/sdk";
import { createUser, findUserOrFail } from "../accounts";
import { badRequest, forbidden } from "../errors";
import { mapUserAdmin } from "../mappers";
import { created, ok, protectedRoute, type Route } from "../router";
import {
  parse,
  UserAdminCreateSchema,
  UserAdminDeleteSchema,
  UserAdminSearchSchema,
  UserAdminUpdateSchema,
  UUIDParamSchema,
} from "../schemas";

/**
 * /api/admin/users: server/src/controllers/user-admin.controller.ts (every route admin-only,
 * with the adminUser.* permission) and server/src/services/user-admin.service.ts.
 */
export const userAdminRoutes: Route[] = [
  protectedRoute("GET", "/api/admin/users", { permission: Permission.AdminUserRead, admin: true }, ({ url, store }) => {
    const { id, withDeleted } = parse(UserAdminSearchSchema, Object.fromEntries(url.searchParams));
    return ok(store.listUsers({ id, withDeleted }).map(mapUserAdmin));
  }),

  protectedRoute("POST", "/api/admin/users", { permission: Permission.AdminUserCreate, admin: true }, ({ body, store, config }) => {
    // `notify` only asks for the welcome e-mail, which the fake does not send; the store ignores it.
    const dto = parse(UserAdminCreateSchema, body);
    // UserAdminService.create: an empty password is fine only while OAuth is on (the user signs in through it).
    if (!config.oauth.enabled && !dto.password) throw badRequest("password is required");
    return created(mapUserAdmin(createUser(store, dto)));
  }),

  protectedRoute("GET", "/api/admin/users/:id", { permission: Permission.AdminUserRead, admin: true }, ({ params, store }) => {
    const { id } = parse(UUIDParamSchema, params);
    return ok(mapUserAdmin(findUserOrFail(store, id, { withDeleted: true })));
  }),

  protectedRoute(
    "PUT",
    "/api/admin/users/:id",
    { permission: Permission.AdminUserUpdate, admin: true },
    ({ params, body, store }, auth) => {
      const { id } = parse(UUIDParamSchema, params);
      const dto = parse(UserAdminUpdateSchema, body);
      findUserOrFail(store, id);
      if (dto.isAdmin !== undefined && dto.isAdmin !== auth.user.isAdmin && auth.user.id === id) {
        throw badRequest("Admin status can only be changed by another admin");
      }
      if (dto.email) {
        const duplicate = store.findUserByEmail(dto.email);
        if (duplicate && duplicate.id !== id) throw badRequest("Email already in use by another account");
      }
      if (dto.storageLabel) {
        const duplicate = store.findUserByStorageLabel(dto.storageLabel);
        if (duplicate && duplicate.id !== id) throw badRequest("Storage label already in use by another account");
      }
      const storageLabel = dto.storageLabel === "" ? null : dto.storageLabel;
      return ok(mapUserAdmin(store.updateUser(id, { ...dto, storageLabel, updatedAt: new Date() })));
    },
  ),

  protectedRoute(
    "DELETE",
    "/api/admin/users/:id",
    { permission: Permission.AdminUserDelete, admin: true },
    ({ params, body, store }, auth) => {
      const { id } = parse(UUIDParamSchema, params);
      const { force } = parse(UserAdminDeleteSchema, body);
      findUserOrFail(store, id);
      if (auth.user.id === id) throw forbidden("Cannot delete your own account");
      const now = new Date();
      const user = store.updateUser(id, { status: force ? UserStatus.Removing : UserStatus.Deleted, deletedAt: now, updatedAt: now });
      // Immich queues a UserDelete job for a forced delete; the fake runs it at once.
      if (force) store.removeUser(id);
      return ok(mapUserAdmin(user));
    },
  ),

  protectedRoute("POST", "/api/admin/users/:id/restore", { permission: Permission.AdminUserDelete, admin: true }, ({ params, store }) => {
    const { id } = parse(UUIDParamSchema, params);
    findUserOrFail(store, id, { withDeleted: true });
    return ok(mapUserAdmin(store.updateUser(id, { status: UserStatus.Active, deletedAt: null, updatedAt: new Date() })));
  }),
];
