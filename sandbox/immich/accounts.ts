import { badRequest } from "./errors";
import { sanitizeStorageLabel } from "./schemas";
import type { ImmichStore, StoredUser, UserInsert } from "./store";

/** BaseService.createUser (server/src/services/base.service.ts), shared by admin create and admin sign-up. */
export function createUser(store: ImmichStore, dto: UserInsert): StoredUser {
  if (store.findUserByEmail(dto.email)) throw badRequest("User exists");
  if (!dto.isAdmin && !store.hasAdmin()) throw badRequest("The first registered account must the administrator.");
  return store.insertUser({ ...dto, storageLabel: dto.storageLabel ? sanitizeStorageLabel(dto.storageLabel) : dto.storageLabel });
}

/** UserAdminService.findOrFail: a missing user is a 400, not a 404, in Immich. */
export function findUserOrFail(store: ImmichStore, id: string, options: { withDeleted?: boolean } = {}): StoredUser {
  const user = store.getUser(id, options);
  if (!user) throw badRequest("User not found");
  return user;
}
