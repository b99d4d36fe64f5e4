import {
  UserAvatarColor,
  type ApiKeyResponseDto,
  type LoginResponseDto,
  type UsageByUserDto,
  type UserAdminResponseDto,
} from "@immich/sdk";
import type { StoredApiKey, StoredUser } from "./store";

/** server/src/dtos/user.dto.ts: a user without a chosen colour gets one derived from the e-mail. */
export function emailToAvatarColor(email: string): UserAvatarColor {
  const values = Object.values(UserAvatarColor);
  const sum = [...email].map((letter) => letter.codePointAt(0) ?? 0).reduce((a, b) => a + b, 0);
  return values[sum % values.length]!;
}

/** `mapUserAdmin` from server/src/dtos/user.dto.ts; the SDK type keeps every field honest. */
export function mapUserAdmin(user: StoredUser): UserAdminResponseDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    profileImagePath: user.profileImagePath,
    avatarColor: user.avatarColor ?? emailToAvatarColor(user.email),
    profileChangedAt: user.profileChangedAt.toISOString(),
    storageLabel: user.storageLabel,
    shouldChangePassword: user.shouldChangePassword,
    isAdmin: user.isAdmin,
    createdAt: user.createdAt.toISOString(),
    deletedAt: user.deletedAt?.toISOString() ?? null,
    updatedAt: user.updatedAt.toISOString(),
    oauthId: user.oauthId,
    quotaSizeInBytes: user.quotaSizeInBytes,
    quotaUsageInBytes: user.quotaUsageInBytes,
    status: user.status,
    license: null,
    clusterGroupId: user.clusterGroupId,
  };
}

/** ApiKeyService.map in server/src/services/api-key.service.ts. */
export function mapApiKey(apiKey: StoredApiKey): ApiKeyResponseDto {
  return {
    id: apiKey.id,
    name: apiKey.name,
    createdAt: apiKey.createdAt.toISOString(),
    updatedAt: apiKey.updatedAt.toISOString(),
    permissions: [...apiKey.permissions],
  };
}

/** `mapLoginResponse` from server/src/dtos/auth.dto.ts (the fake has no onboarding metadata). */
export function mapLoginResponse(user: StoredUser, accessToken: string): LoginResponseDto {
  return {
    accessToken,
    userId: user.id,
    userEmail: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    profileImagePath: user.profileImagePath,
    shouldChangePassword: user.shouldChangePassword,
    isOnboarded: false,
  };
}

export function mapUsageByUser(user: StoredUser): UsageByUserDto {
  return {
    userId: user.id,
    userName: user.name,
    photos: user.usage.photos,
    videos: user.usage.videos,
    usage: user.usage.usage,
    usagePhotos: user.usage.usagePhotos,
    usageVideos: user.usage.usageVideos,
    quotaSizeInBytes: user.quotaSizeInBytes,
  };
}
