import "server-only";
import { getToken } from "next-auth/jwt";
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/observability/logger";

let discovery: Promise<{ end_session_endpoint?: string }> | undefined;

function loadDiscovery(issuer: string) {
  discovery ??= fetch(`${issuer}.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })
    .then((response) => {
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      return response.json() as Promise<{ end_session_endpoint?: string }>;
    })
    .catch((error) => {
      discovery = undefined;
      throw error;
    });
  return discovery;
}

/** The Authentik end-session URL for the current session, so sign-out ends the IdP session too. */
export async function endSessionUrl(): Promise<string | null> {
  const env = getEnv();
  const secureCookie = env.AUTH_URL.startsWith("https://");
  const token = await getToken({ req: { headers: await headers() }, secret: env.AUTH_SECRET, secureCookie });
  try {
    const { end_session_endpoint: endpoint } = await loadDiscovery(env.AUTH_AUTHENTIK_ISSUER);
    if (!endpoint) return null;
    const url = new URL(endpoint);
    if (token?.idToken) url.searchParams.set("id_token_hint", token.idToken);
    url.searchParams.set("post_logout_redirect_uri", new URL("/", env.AUTH_URL).href);
    return url.href;
  } catch (error) {
    logger("auth").warn("could not reach the identity provider to end its session", { error });
    return null;
  }
}
