import { NextResponse, type NextRequest } from "next/server";
import { authentikBaseUrl } from "@/lib/env-schema";
import { getEnv } from "@/lib/env";
import { pickLocale } from "@/lib/i18n/negotiate";
import { LOCALE_COOKIE } from "@/lib/i18n/preferences";
import { translatorFor } from "@/lib/i18n/translate";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/observability/request-id";

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
  const refuse = (status: number, key: "common.http.tooLarge" | "common.http.crossOrigin") => {
    const t = translatorFor(pickLocale(request.cookies.get(LOCALE_COOKIE)?.value, request.headers.get("accept-language")));
    return new NextResponse(t(key), { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  };
  const length = Number(request.headers.get("content-length") ?? 0);
  if (!Number.isFinite(length) || length > SERVER_ACTION_BODY_LIMIT) {
    return refuse(413, "common.http.tooLarge");
  }
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin && hostOf(origin) !== host) {
    return refuse(403, "common.http.crossOrigin");
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
 * request header and puts it on its own scripts. Every page and action request gets its
 * request id here (the incoming `x-request-id` when well-formed), for its logs and jobs.
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
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
