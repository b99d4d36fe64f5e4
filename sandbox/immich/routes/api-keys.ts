import { Permission } from "@immich/sdk";
import { isGranted } from "../auth";
import { badRequest, forbidden } from "../errors";
import { mapApiKey } from "../mappers";
import { created, noContent, ok, protectedRoute, type Route } from "../router";
import { ApiKeyCreateSchema, ApiKeyUpdateSchema, parse, UUIDParamSchema } from "../schemas";

/** /api/api-keys: server/src/controllers/api-key.controller.ts and server/src/services/api-key.service.ts. */
export const apiKeyRoutes: Route[] = [
  protectedRoute("POST", "/api/api-keys", { permission: Permission.ApiKeyCreate }, ({ body, store }, auth) => {
    const dto = parse(ApiKeyCreateSchema, body);
    if (auth.apiKey && !isGranted(dto.permissions, auth.apiKey.permissions)) throw badRequest("Cannot grant permissions you do not have");
    const { apiKey, secret } = store.createApiKey(auth.user.id, dto.name || "API Key", dto.permissions);
    const mapped = mapApiKey(apiKey);
    return created({ ...mapped, secret, apiKey: mapped });
  }),

  protectedRoute("GET", "/api/api-keys", { permission: Permission.ApiKeyRead }, ({ store }, auth) =>
    ok(store.listApiKeys(auth.user.id).map(mapApiKey)),
  ),

  // Any key may read itself, whatever its permissions.
  protectedRoute("GET", "/api/api-keys/me", { permission: false }, ({ store }, auth) => {
    if (!auth.apiKey) throw forbidden("Not authenticated with an API Key");
    const apiKey = store.getApiKey(auth.user.id, auth.apiKey.id);
    if (!apiKey) throw badRequest("API Key not found");
    return ok(mapApiKey(apiKey));
  }),

  protectedRoute("GET", "/api/api-keys/:id", { permission: Permission.ApiKeyRead }, ({ params, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    const apiKey = store.getApiKey(auth.user.id, id);
    if (!apiKey) throw badRequest("API Key not found");
    return ok(mapApiKey(apiKey));
  }),

  protectedRoute("PUT", "/api/api-keys/:id", { permission: Permission.ApiKeyUpdate }, ({ params, body, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    const dto = parse(ApiKeyUpdateSchema, body);
    if (!store.getApiKey(auth.user.id, id)) throw badRequest("API Key not found");
    if (auth.apiKey && dto.permissions && !isGranted(dto.permissions, auth.apiKey.permissions)) {
      throw badRequest("Cannot grant permissions you do not have");
    }
    return ok(mapApiKey(store.updateApiKey(auth.user.id, id, dto)));
  }),

  protectedRoute("DELETE", "/api/api-keys/:id", { permission: Permission.ApiKeyDelete }, ({ params, store }, auth) => {
    const { id } = parse(UUIDParamSchema, params);
    if (!store.getApiKey(auth.user.id, id)) throw badRequest("API Key not found");
    store.deleteApiKey(auth.user.id, id);
    return noContent();
  }),
];
