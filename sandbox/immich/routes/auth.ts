import type { LogoutResponseDto } from "@immich/sdk";
import { createUser } from "../accounts";
import { loginCookies, logoutCookies } from "../cookies";
import { unauthorized } from "../errors";
import { mapLoginResponse, mapUserAdmin } from "../mappers";
import { created, ok, protectedRoute, publicRoute, type Route } from "../router";
import { LoginCredentialSchema, parse, SignUpSchema } from "../schemas";
import { verifyPassword } from "../secrets";

const LOGIN_URL = "/auth/login?autoLaunch=0";

/** /api/auth: server/src/controllers/auth.controller.ts and server/src/services/auth.service.ts (password login only). */
export const authRoutes: Route[] = [
  publicRoute("POST", "/api/auth/login", ({ body, store, config }) => {
    const dto = parse(LoginCredentialSchema, body);
    if (!config.passwordLogin.enabled) throw unauthorized("Password login has been disabled");
    const user = store.findUserByEmail(dto.email);
    if (!user || !verifyPassword(dto.password, user.passwordHash)) throw unauthorized("Incorrect email or password");
    const { token } = store.createSession(user.id);
    return { ...created(mapLoginResponse(user, token)), headers: { "set-cookie": loginCookies(token, "password") } };
  }),

  // The guard refuses it ("Admin setup is not available") once an admin exists (PR #30311).
  publicRoute(
    "POST",
    "/api/auth/admin-sign-up",
    ({ body, store }) => {
      const dto = parse(SignUpSchema, body);
      return created(mapUserAdmin(createUser(store, { ...dto, isAdmin: true, storageLabel: "admin" })));
    },
    { setup: true },
  ),

  protectedRoute("POST", "/api/auth/logout", {}, ({ store }, auth) => {
    if (auth.session) store.deleteSession(auth.session.id);
    const body: LogoutResponseDto = { successful: true, redirectUri: LOGIN_URL };
    return { ...ok(body), headers: { "set-cookie": logoutCookies() } };
  }),
];
