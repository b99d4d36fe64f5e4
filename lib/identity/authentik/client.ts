import {
  AdminApi,
  AuthenticatorsApi,
  Configuration,
  CoreApi,
  CryptoApi,
  EventsApi,
  FetchError,
  FlowsApi,
  PoliciesApi,
  ProvidersApi,
  PropertymappingsApi,
  ResponseError,
  RootApi,
  StagesApi,
} from "@goauthentik/api";
import { IntegrationError, kindForStatus, networkError } from "@/lib/integrations/errors";
import { tracedFetch } from "@/lib/observability/upstream";

export interface AuthentikConnection {
  /** Authentik's base URL, e.g. https://auth.example.eu */
  url: string;
  /** API token of Castello's service account. */
  token: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 8000;

/** The official client's APIs, with a timeout on every call; each request is traced and measured. */
export function authentikApis(connection: AuthentikConnection) {
  const timeoutMs = connection.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const configuration = new Configuration({
    basePath: `${connection.url.replace(/\/+$/, "")}/api/v3`,
    accessToken: connection.token,
    fetchApi: (input, init) => tracedFetch("authentik", input, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
  });
  return {
    core: new CoreApi(configuration),
    stages: new StagesApi(configuration),
    flows: new FlowsApi(configuration),
    providers: new ProvidersApi(configuration),
    propertyMappings: new PropertymappingsApi(configuration),
    policies: new PoliciesApi(configuration),
    crypto: new CryptoApi(configuration),
    admin: new AdminApi(configuration),
    authenticators: new AuthenticatorsApi(configuration),
    events: new EventsApi(configuration),
    root: new RootApi(configuration),
  };
}

export type AuthentikApis = ReturnType<typeof authentikApis>;

async function describeResponse(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as Record<string, unknown>;
    if (typeof body.detail === "string") return body.detail;
    return Object.entries(body)
      .map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(" ") : String(messages)}`)
      .join("; ");
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Runs one client call and turns its failures into IntegrationErrors. */
export async function callAuthentik<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof IntegrationError) throw error;
    if (error instanceof ResponseError) {
      const status = error.response.status;
      // Authentik answers 403 to a missing or invalid token.
      const kind =
        status === 403 && (await describeResponse(error.response)).match(/token|credentials/i) ? "unauthorized" : kindForStatus(status);
      throw new IntegrationError("authentik", kind, await describeResponse(error.response), status);
    }
    if (error instanceof FetchError) throw networkError("authentik", error.cause);
    throw networkError("authentik", error);
  }
}
