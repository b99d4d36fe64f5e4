import type { IncomingMessage, ServerResponse } from "node:http";
import type { Permission } from "@immich/sdk";
import { readBody, sendJson } from "../authentik/http";
import type { ImmichStore, UsageBreakdown } from "./store";

export interface SandboxControls {
  store: ImmichStore;
  createApiKey: (permissions: Permission[], options?: { ownerIsAdmin?: boolean }) => string;
}

/**
 * Sandbox-only routes under /-/sandbox/ for tests in another process (Playwright). Not part of
 * Immich; the product never calls them. Fault rules have their own route in ../faults.ts.
 *   POST /-/sandbox/usage     {userId, bytes, photos?, videos?, usagePhotos?, usageVideos?} → 204
 *   POST /-/sandbox/api-keys  {permissions, ownerIsAdmin?} → 201 {secret}
 */
export async function handleSandboxControl(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  controls: SandboxControls,
): Promise<boolean> {
  if (req.method !== "POST" || (pathname !== "/-/sandbox/usage" && pathname !== "/-/sandbox/api-keys")) return false;
  const input = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
  if (pathname === "/-/sandbox/api-keys") {
    const secret = controls.createApiKey(input.permissions as Permission[], { ownerIsAdmin: input.ownerIsAdmin !== false });
    sendJson(res, 201, { secret });
    return true;
  }
  const { userId, bytes, ...breakdown } = input as { userId: string; bytes: number } & Partial<UsageBreakdown>;
  if (!controls.store.getUser(userId, { withDeleted: true })) {
    sendJson(res, 404, { message: `No user ${userId}` });
    return true;
  }
  controls.store.setUsage(userId, bytes, breakdown);
  sendJson(res, 204, undefined);
  return true;
}
