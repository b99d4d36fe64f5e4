import type { IncomingMessage } from "node:http";
import type { DirectoryUser } from "../directory";
import { ApiError } from "./errors";
import type { ApiState } from "./state";

/**
 * authentik.api.authentication.TokenAuthentication. DRF answers 403 rather than 401 because the
 * first authentication class sends no `WWW-Authenticate` challenge.
 */
export function authenticate(req: IncomingMessage, token: string, state: ApiState): DirectoryUser {
  const header = (req.headers.authorization ?? "").trim();
  // validate_auth: an empty header or one without a space is "no credentials".
  if (header === "" || !header.includes(" ")) {
    throw new ApiError(403, { detail: "Authentication credentials were not provided." });
  }
  const space = header.indexOf(" ");
  const type = header.slice(0, space);
  const credentials = header.slice(space + 1);
  if (type.toLowerCase() !== "bearer") throw new ApiError(403, { detail: "Unsupported authentication type" });
  if (credentials === "") throw new ApiError(403, { detail: "Malformed header" });
  if (credentials !== token) throw new ApiError(403, { detail: "Token invalid/expired" });
  const user = state.directory.getUser(state.tokenUser.pk);
  // bearer_auth: a token whose user is gone or deactivated no longer works.
  if (!user || !user.isActive) throw new ApiError(403, { detail: "Token invalid/expired" });
  return user;
}
