import { getMyApiKey, getServerVersion, Permission, pingServer, searchUsersAdmin } from "@immich/sdk";
import { message, type Message } from "@/lib/i18n/message";
import { IntegrationError } from "@/lib/integrations/errors";
import { retryRead } from "@/lib/integrations/retry";
import { callImmich, type ImmichConnection } from "./client";

/** What the portal needs an admin key to do: manage users and read their usage. */
export const REQUIRED_PERMISSIONS = [
  Permission.AdminUserCreate,
  Permission.AdminUserRead,
  Permission.AdminUserUpdate,
  Permission.AdminUserDelete,
  Permission.ServerStatistics,
  Permission.SystemConfigRead,
  Permission.SystemConfigUpdate,
] as const;

export interface ImmichVerification {
  version: string;
  keyName?: string;
}

function versionString(version: { major: number; minor: number; patch: number }): string {
  return `v${version.major}.${version.minor}.${version.patch}`;
}

/**
 * Checks a URL and admin key before a tenant is saved: the server answers, it is Immich,
 * the key is accepted, has the permissions the portal needs and belongs to an admin.
 * Throws an IntegrationError whose userMessage says exactly what is wrong.
 */
export async function verifyImmich(connection: ImmichConnection): Promise<ImmichVerification> {
  const ping = await callImmich({ ...connection, apiKey: "" }, (options) => pingServer(options));
  if (ping?.res !== "pong")
    throw new IntegrationError(
      "immich",
      "invalid",
      "the server answered, but it is not Immich (/api/server/ping did not answer as Immich does)",
    );
  const version = await callImmich(connection, (options) => getServerVersion(options));

  // Older Immich versions may refuse /api-keys/me; then the admin probe below decides.
  const key = await callImmich(connection, (options) => getMyApiKey(options)).catch((error: IntegrationError) => {
    if (error.kind === "unauthorized") throw new IntegrationError("immich", "unauthorized", "the API key was not accepted", 401);
    if (error.kind === "forbidden" || error.kind === "not_found") return undefined;
    throw error;
  });
  if (key) {
    const granted = new Set<string>(key.permissions);
    const missing = granted.has(Permission.All) ? [] : REQUIRED_PERMISSIONS.filter((permission) => !granted.has(permission));
    if (missing.length > 0) {
      throw new IntegrationError("immich", "forbidden", `the API key lacks the permissions ${missing.join(", ")}`, 403);
    }
  }

  try {
    await callImmich(connection, (options) => searchUsersAdmin({}, options));
  } catch (error) {
    if (error instanceof IntegrationError && error.kind === "forbidden") {
      throw new IntegrationError(
        "immich",
        "forbidden",
        "the API key must belong to an Immich admin and have the adminUser permissions",
        403,
      );
    }
    throw error;
  }
  return { version: versionString(version), keyName: key?.name };
}

export interface ImmichHealth {
  reachable: boolean;
  version?: string;
  /** Why it is not reachable, for the operator to read. */
  error?: Message;
}

/** A quick read for the operator dashboard: never throws. */
export async function immichHealth(connection: ImmichConnection): Promise<ImmichHealth> {
  try {
    const version = await retryRead(() => callImmich({ ...connection, timeoutMs: 3000 }, (options) => getServerVersion(options)), {
      attempts: 2,
    });
    return { reachable: true, version: versionString(version) };
  } catch (error) {
    return { reachable: false, error: error instanceof IntegrationError ? error.userText : message("operator.health.unknownError") };
  }
}
