import { createHash } from "node:crypto";
import path from "node:path";
import {
  AssetMediaStatus,
  AssetTypeEnum,
  AssetVisibility,
  Permission,
  type AssetMediaResponseDto,
  type AssetResponseDto,
} from "@immich/sdk";
import { z } from "zod";
import { badRequest, noAccess } from "../errors";
import { readMultipart } from "../http";
import { created, ok, protectedRoute, type Route } from "../router";
import { parse, UUIDParamSchema } from "../schemas";
import type { ImmichStore, StoredAsset, StoredUser } from "../store";

// server/src/utils/mime-types.ts, the extensions `isAsset` accepts (by file name, as Immich checks).
const IMAGE_TYPES: Record<string, string> = {
  ".avif": "image/avif",
  ".bmp": "image/bmp",
  ".dng": "image/dng",
  ".gif": "image/gif",
  ".heic": "image/heic",
  ".heif": "image/heif",
  ".jpe": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".jpg": "image/jpeg",
  ".jxl": "image/jxl",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".webp": "image/webp",
};
const VIDEO_TYPES: Record<string, string> = {
  ".3gp": "video/3gpp",
  ".avi": "video/x-msvideo",
  ".m4v": "video/x-m4v",
  ".mkv": "video/x-matroska",
  ".mov": "video/quicktime",
  ".mp4": "video/mp4",
  ".mpeg": "video/mpeg",
  ".mpg": "video/mpeg",
  ".mts": "video/mp2t",
  ".webm": "video/webm",
  ".wmv": "video/x-ms-wmv",
};

function assetTypeOf(fileName: string): { type: AssetTypeEnum.Image | AssetTypeEnum.Video; mimeType: string } | undefined {
  const extension = path.extname(fileName).toLowerCase();
  if (IMAGE_TYPES[extension]) return { type: AssetTypeEnum.Image, mimeType: IMAGE_TYPES[extension] };
  if (VIDEO_TYPES[extension]) return { type: AssetTypeEnum.Video, mimeType: VIDEO_TYPES[extension] };
  return undefined;
}

/** AssetMediaService.requireQuota: a user with a quota may not go past it (a quota of 0 allows nothing). */
export function requireQuota(user: StoredUser, size: number): void {
  if (user.quotaSizeInBytes !== null && user.quotaSizeInBytes < user.quotaUsageInBytes + size) {
    throw badRequest("Quota has been exceeded!");
  }
}

export interface UploadFields {
  fileCreatedAt?: Date;
  fileModifiedAt?: Date;
  filename?: string;
  deviceAssetId?: string;
  deviceId?: string;
}

/**
 * What runs before the body is validated: the upload interceptor's file filter refuses what is
 * not a photo or video (by name), then the files pipe a missing file.
 */
export function requireAssetFile(file: unknown): File {
  if (file instanceof File && file.name && !assetTypeOf(file.name)) throw badRequest(`Unsupported file type ${file.name}`);
  // A form posted without a chosen file sends a part with an empty name: no file.
  if (!(file instanceof File) || !file.name) throw badRequest("Field(s) assetData should not be empty");
  return file;
}

/**
 * One upload as Immich takes it, for `POST /api/assets` and the fake's web form alike: the file
 * checks, the quota, then the asset; the owner's usage grows by the file's size
 * (UserRepository.updateUsage).
 */
export async function uploadFile(store: ImmichStore, user: StoredUser, file: unknown, fields: UploadFields = {}): Promise<StoredAsset> {
  const checked = requireAssetFile(file);
  const originalFileName = fields.filename || checked.name;
  const kind = assetTypeOf(originalFileName) ??
    assetTypeOf(checked.name) ?? { type: AssetTypeEnum.Image, mimeType: "application/octet-stream" };
  requireQuota(user, checked.size);
  const checksum = createHash("sha1")
    .update(new Uint8Array(await checked.arrayBuffer()))
    .digest("base64");
  return store.insertAsset(user.id, originalFileName, checked.size, {
    checksum,
    originalMimeType: kind.mimeType,
    type: kind.type,
    fileCreatedAt: fields.fileCreatedAt,
    fileModifiedAt: fields.fileModifiedAt,
    deviceAssetId: fields.deviceAssetId,
    deviceId: fields.deviceId,
  });
}

// CreateAssetMediaDto's text fields (multipart sends them as strings); unknown fields are stripped.
const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const AssetMediaCreateSchema = z.object({
  fileCreatedAt: isoDate,
  fileModifiedAt: isoDate,
  filename: z.string().optional(),
  // Gone from Immich 3's DTO but still sent by older clients; the fake keeps them on the asset.
  deviceAssetId: z.string().optional(),
  deviceId: z.string().optional(),
});

/** mapAsset (server/src/dtos/asset-response.dto.ts), the fields a fresh upload without metadata has. */
export function mapAsset(asset: StoredAsset): AssetResponseDto {
  const extension = path.extname(asset.originalFileName).toLowerCase();
  return {
    id: asset.id,
    ownerId: asset.ownerId,
    type: asset.type,
    originalFileName: asset.originalFileName,
    originalMimeType: asset.originalMimeType,
    originalPath: `/data/upload/${asset.ownerId}/${asset.id.slice(0, 2)}/${asset.id.slice(2, 4)}/${asset.id}${extension}`,
    checksum: asset.checksum,
    createdAt: asset.createdAt.toISOString(),
    updatedAt: asset.createdAt.toISOString(),
    fileCreatedAt: asset.fileCreatedAt.toISOString(),
    fileModifiedAt: asset.fileModifiedAt.toISOString(),
    localDateTime: asset.fileCreatedAt.toISOString(),
    duration: null,
    width: null,
    height: null,
    thumbhash: null,
    hasMetadata: false,
    isArchived: false,
    isEdited: false,
    isFavorite: false,
    isOffline: false,
    isTrashed: false,
    visibility: AssetVisibility.Timeline,
    livePhotoVideoId: null,
    libraryId: null,
    duplicateId: null,
  };
}

/**
 * AccessRepository's asset read check as far as the fake has assets: the owner, or a partner the
 * owner shares with (whether or not the partner shows it in the timeline).
 */
function canRead(store: ImmichStore, userId: string, asset: StoredAsset): boolean {
  if (asset.ownerId === userId) return true;
  return store.getUser(asset.ownerId) !== undefined && store.getPartner(asset.ownerId, userId) !== undefined;
}

/** /api/assets (server/src/controllers/asset-media.controller.ts, asset.controller.ts): upload and read one. */
export const assetRoutes: Route[] = [
  protectedRoute("POST", "/api/assets", { permission: Permission.AssetUpload }, async ({ req, store }, auth) => {
    const form = await readMultipart(req);
    const file = requireAssetFile(form?.get("assetData"));
    const text = Object.fromEntries([...(form?.entries() ?? [])].filter(([, value]) => typeof value === "string"));
    const asset = await uploadFile(store, auth.user, file, parse(AssetMediaCreateSchema, text));
    const body: AssetMediaResponseDto = { id: asset.id, status: AssetMediaStatus.Created };
    return created(body);
  }),

  protectedRoute("GET", "/api/assets/:id", { permission: Permission.AssetRead }, ({ params, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    const asset = store.getAsset(id);
    if (!asset || !canRead(store, auth.user.id, asset)) throw noAccess(Permission.AssetRead);
    return ok(mapAsset(asset));
  }),
];
