import { randomBytes } from "node:crypto";
import {
  createUserAdmin,
  deleteUserAdmin,
  getServerStatistics,
  getUserAdmin,
  restoreUserAdmin,
  searchUsersAdmin,
  updateUserAdmin,
  type UserAdminResponseDto,
} from "@immich/sdk";
import { IntegrationError } from "@/lib/integrations/errors";
import { retryRead } from "@/lib/integrations/retry";
import type { PhotosUser } from "../port";
import { callImmich, type ImmichConnection } from "./client";

/** Immich's `user.deleteDelay` default: a soft-deleted user is purged this many days later. */
const DELETE_DELAY_DAYS = 7;

function photosUser(user: UserAdminResponseDto): PhotosUser {
  const deletedAt = user.deletedAt ? new Date(user.deletedAt) : null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    status: user.status,
    isAdmin: user.isAdmin,
    quotaBytes: user.quotaSizeInBytes ?? null,
    usageBytes: user.quotaUsageInBytes ?? null,
    deletedAt,
    restorableUntil: deletedAt ? new Date(deletedAt.getTime() + DELETE_DELAY_DAYS * 86_400_000) : null,
  };
}

/** Immich answers 400 "User not found" for an unknown id. */
function isMissingUser(error: unknown): boolean {
  return error instanceof IntegrationError && (error.kind === "not_found" || (error.kind === "invalid" && /not found/i.test(error.detail)));
}

export async function findImmichUserByEmail(connection: ImmichConnection, email: string): Promise<PhotosUser | undefined> {
  const users = await retryRead(() => callImmich(connection, (options) => searchUsersAdmin({ withDeleted: true }, options)));
  const wanted = email.trim().toLowerCase();
  const found = users.find((user) => user.email.toLowerCase() === wanted);
  return found && photosUser(found);
}

export async function getImmichUser(connection: ImmichConnection, id: string): Promise<PhotosUser | undefined> {
  try {
    return photosUser(await retryRead(() => callImmich(connection, (options) => getUserAdmin({ id }, options))));
  } catch (error) {
    if (isMissingUser(error)) return undefined;
    throw error;
  }
}

/**
 * Creates the member's Immich user with a strong random password nobody ever sees: they
 * sign in through Authentik (OAuth), which links to this user by e-mail on first login.
 */
export async function createImmichUser(
  connection: ImmichConnection,
  input: { email: string; name: string; quotaBytes: number | null; password?: string },
): Promise<PhotosUser> {
  const created = await callImmich(connection, (options) =>
    createUserAdmin(
      {
        userAdminCreateDto: {
          email: input.email,
          name: input.name,
          password: input.password ?? randomBytes(32).toString("base64url"),
          quotaSizeInBytes: input.quotaBytes,
          shouldChangePassword: false,
          notify: false,
        },
      },
      options,
    ),
  );
  return photosUser(created);
}

export async function setImmichQuota(connection: ImmichConnection, id: string, quotaBytes: number | null): Promise<void> {
  await callImmich(connection, (options) => updateUserAdmin({ id, userAdminUpdateDto: { quotaSizeInBytes: quotaBytes } }, options));
}

export async function setImmichEmail(connection: ImmichConnection, id: string, email: string): Promise<void> {
  await callImmich(connection, (options) => updateUserAdmin({ id, userAdminUpdateDto: { email } }, options));
}

export async function restoreImmichUser(connection: ImmichConnection, id: string): Promise<void> {
  await callImmich(connection, (options) => restoreUserAdmin({ id }, options));
}

/** Soft delete: Immich keeps the user restorable until its deletion delay (7 days by default) ends. */
export async function softDeleteImmichUser(connection: ImmichConnection, id: string): Promise<void> {
  try {
    await callImmich(connection, (options) => deleteUserAdmin({ id, userAdminDeleteDto: { force: false } }, options));
  } catch (error) {
    if (!isMissingUser(error)) throw error;
  }
}

/** Bytes used per Immich user id, from one statistics call. */
export async function usageByUser(connection: ImmichConnection): Promise<Map<string, number>> {
  const stats = await retryRead(() => callImmich({ ...connection, timeoutMs: 4000 }, (options) => getServerStatistics(options)), {
    attempts: 2,
  });
  return new Map(stats.usageByUser.map((entry) => [entry.userId, entry.usage]));
}

export async function listImmichUsers(connection: ImmichConnection): Promise<PhotosUser[]> {
  const users = await retryRead(() => callImmich(connection, (options) => searchUsersAdmin({ withDeleted: true }, options)));
  return users.map(photosUser);
}
