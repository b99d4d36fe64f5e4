import { isHttpError } from "@immich/sdk";
import { IntegrationError, kindForStatus, networkError } from "@/lib/integrations/errors";
import { tracedFetch } from "@/lib/observability/upstream";

/** One tenant's Immich: its URL and admin API key (decrypted, in memory only). */
export interface ImmichConnection {
  url: string;
  apiKey: string;
  /** A session of one of Castello's own accounts, used instead of the admin key (partner sharing, sessions). */
  accessToken?: string;
  timeoutMs?: number;
}

export type ImmichRequestOptions = {
  baseUrl: string;
  headers: Record<string, string>;
  signal: AbortSignal;
  fetch: typeof fetch;
};

const DEFAULT_TIMEOUT_MS = 8000;

export function immichBaseUrl(url: string): string {
  return `${url.replace(/\/+$/, "")}/api`;
}

/**
 * Calls one @immich/sdk function with this tenant's URL and key passed per call: the SDK's
 * global `defaults` would leak one tenant's key into another tenant's request. Each request is traced and measured.
 */
export async function callImmich<T>(connection: ImmichConnection, call: (options: ImmichRequestOptions) => Promise<T>): Promise<T> {
  const options: ImmichRequestOptions = {
    baseUrl: immichBaseUrl(connection.url),
    headers: connection.accessToken
      ? { authorization: `Bearer ${connection.accessToken}` }
      : connection.apiKey
        ? { "x-api-key": connection.apiKey }
        : {},
    signal: AbortSignal.timeout(connection.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    fetch: (input, init) => tracedFetch("immich", input, init),
  };
  try {
    return await call(options);
  } catch (error) {
    throw toImmichError(error);
  }
}

export function toImmichError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (isHttpError(error)) {
    // Immich 3 answers `{ message, errors?: [{ path, message }] }` (zod); Immich 2 a message array.
    const data = error.data as { message?: unknown; errors?: { path?: (string | number)[]; message?: string }[] } | undefined;
    const issues = data?.errors?.map((issue) => (issue.path?.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
    const message = issues?.length ? issues : data?.message;
    const detail = Array.isArray(message) ? message.join("; ") : typeof message === "string" ? message : `HTTP ${error.status}`;
    return new IntegrationError("immich", kindForStatus(error.status), detail, error.status);
  }
  const named = error as { name?: string; status?: number };
  if (named?.name === "MalformedResponseError") {
    return new IntegrationError("immich", "invalid", "the answer was not Immich's (is this the Immich URL?)", named.status);
  }
  return networkError("immich", error);
}
