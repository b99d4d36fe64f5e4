import { NextResponse, type NextRequest } from "next/server";
import { authentikBaseUrl } from "@/lib/env-schema";
import { getEnv } from "@/lib/env";

/** Sign-in and sign-out are form posts that redirect to Authentik: the only other origin forms may reach. */
function formTargets(): string {
  const env = getEnv();
  const origins = new Set([new URL(env.AUTH_AUTHENTIK_ISSUER).origin, new URL(authentikBaseUrl(env)).origin]);
  return ["'self'", ...origins].join(" ");
}

/** Matches next.config's serverActions.bodySizeLimit. */
const SERVER_ACTION_BODY_LIMIT = 100 * 1024;

/**
 * Server actions are POSTs with a `Next-Action` header: an oversized body is refused before it
 * is read (413), and a call from another origin is refused (403), instead of Next.js's 500.
 */
function refuseServerAction(request: NextRequest): NextResponse | undefined {
  if (request.method !== "POST" || !request.headers.has("next-action")) return undefined;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (!Number.isFinite(length) || length > SERVER_ACTION_BODY_LIMIT) {
    return new NextResponse("This request is too large.", { status: 413, headers: { "content-type": "text/plain" } });
  }
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin && hostOf(origin) !== host) {
    return new NextResponse("Cross-origin requests are not accepted.", { status: 403, headers: { "content-type": "text/plain" } });
  }
  return undefined;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * A fresh nonce per request for the Content-Security-Policy; Next.js reads it from the
 * request header and puts it on its own scripts.
 */
export function proxy(request: NextRequest) {
  const refused = refuseServerAction(request);
  if (refused) return refused;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const development = getEnv().NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    `form-action ${formTargets()}`,
  ].join("; ");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
