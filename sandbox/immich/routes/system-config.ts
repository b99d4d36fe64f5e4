import { Permission } from "@immich/sdk";
import { ok, protectedRoute, type Route } from "../router";
import { parse } from "../schemas";
import { defaultSystemConfig, replaceSystemConfig } from "../system-config";
import { AdminConfigSchema } from "../system-config-schema";

/**
 * /api/system-config: server/src/controllers/system-config.controller.ts, admin-only with the
 * systemConfig.* permissions. PUT takes the whole config, validated by the schema (Immich's 400
 * "Validation failed" with the Zod issues), stores it and answers it.
 */
export const systemConfigRoutes: Route[] = [
  protectedRoute("GET", "/api/system-config", { permission: Permission.SystemConfigRead, admin: true }, ({ config }) => ok(config)),
  protectedRoute("GET", "/api/system-config/defaults", { permission: Permission.SystemConfigRead, admin: true }, () =>
    ok(defaultSystemConfig()),
  ),
  protectedRoute("PUT", "/api/system-config", { permission: Permission.SystemConfigUpdate, admin: true }, ({ body, config }) => {
    replaceSystemConfig(config, parse(AdminConfigSchema, body));
    return ok(config);
  }),
];
