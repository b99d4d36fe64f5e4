import { Configuration, CoreApi, CryptoApi, PoliciesApi, PropertymappingsApi, ProvidersApi, ResponseError } from "@goauthentik/api";
import type { AuthentikSchema } from "./schema-validator";

/** For tests: the official client against a fake, every answer checked against schema.yml. */
export interface SchemaCheckedApis {
  core: CoreApi;
  crypto: CryptoApi;
  policies: PoliciesApi;
  providers: ProvidersApi;
  mappings: PropertymappingsApi;
  /** Answers that did not match, as `METHOD path → status: errors`. */
  violations: string[];
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.clone().text();
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

export function schemaCheckedApis(schema: AuthentikSchema, baseUrl: string, token: string): SchemaCheckedApis {
  const violations: string[] = [];
  const configuration = new Configuration({
    basePath: `${baseUrl}/api/v3`,
    accessToken: token,
    middleware: [
      {
        post: async ({ url, init, response }) => {
          const method = init.method ?? "GET";
          const result = schema.check(method, url, response.status, await bodyOf(response));
          if (!result.valid) violations.push(`${method} ${new URL(url).pathname} → ${response.status}: ${result.errors.join("; ")}`);
        },
      },
    ],
  });
  return {
    core: new CoreApi(configuration),
    crypto: new CryptoApi(configuration),
    policies: new PoliciesApi(configuration),
    providers: new ProvidersApi(configuration),
    mappings: new PropertymappingsApi(configuration),
    violations,
  };
}

/** The status and body of a call that must fail. */
export async function failure(promise: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ResponseError) return { status: error.response.status, body: await bodyOf(error.response) };
    throw error;
  }
  throw new Error("expected the call to fail");
}
