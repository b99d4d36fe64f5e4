import { IntegrationError } from "@/lib/integrations/errors";
import type { SetupCheckItem, SetupExpectations } from "../port";
import { callAuthentik, type AuthentikApis } from "./client";

/** What the blueprint (authentik/blueprints/castello.yaml) creates, as a live checklist. */
export const ENROLLMENT_FLOW_SLUG = "castello-enrollment";
export const ENROLLMENT_STAGE_ORDER = [
  "castello-enrollment-invitation",
  "castello-enrollment-prompt",
  "castello-enrollment-user-write",
  "castello-enrollment-mfa",
  "castello-enrollment-login",
  "castello-enrollment-redirect",
] as const;

async function check(label: string, probe: () => Promise<string>): Promise<SetupCheckItem> {
  try {
    return { label, ok: true, detail: await probe() };
  } catch (error) {
    if (error instanceof IntegrationError && error.kind === "not_found") return { label, ok: false, detail: "missing" };
    if (error instanceof SetupProblem) return { label, ok: false, detail: error.message };
    return { label, ok: false, detail: error instanceof IntegrationError ? error.userMessage : "could not be checked" };
  }
}

class SetupProblem extends Error {}

/**
 * Checks a live Authentik for every object Castello needs and says what is missing.
 * The application slug comes from the issuer (`/application/o/<slug>/`).
 */
export async function checkAuthentikSetup(apis: AuthentikApis, expected: SetupExpectations): Promise<SetupCheckItem[]> {
  const group = (name: string) => async () => {
    const page = await callAuthentik(() => apis.core.coreGroupsList({ name }));
    if (!page.results.some((candidate) => candidate.name === name)) throw new SetupProblem("missing");
    return "present";
  };
  return Promise.all([
    check(`Group ${expected.operatorGroup}`, group(expected.operatorGroup)),
    check(`Group ${expected.supportGroup}`, group(expected.supportGroup)),
    check(`Application ${expected.applicationSlug} and its OAuth2 provider`, async () => {
      const application = await callAuthentik(() => apis.core.coreApplicationsRetrieve({ slug: expected.applicationSlug }));
      if (!application.provider) throw new SetupProblem("the application has no provider");
      const provider = await callAuthentik(() => apis.providers.providersOauth2Retrieve({ id: application.provider! }));
      const redirects = provider.redirectUris.map((uri) => uri.url);
      if (!redirects.includes(expected.callbackUrl)) {
        throw new SetupProblem(`the provider's redirect URIs do not include ${expected.callbackUrl}`);
      }
      return `provider "${provider.name}", redirect URI present`;
    }),
    check(`Enrollment flow ${ENROLLMENT_FLOW_SLUG}`, async () => {
      const flow = await callAuthentik(() => apis.flows.flowsInstancesRetrieve({ slug: ENROLLMENT_FLOW_SLUG }));
      if (flow.designation !== "enrollment") throw new SetupProblem(`designation is ${flow.designation}, not enrollment`);
      const bindings = await callAuthentik(() => apis.flows.flowsBindingsList({ target: flow.pk, ordering: "order", pageSize: 100 }));
      const stages = bindings.results.map((binding) => binding.stageObj?.name ?? "");
      const missing = ENROLLMENT_STAGE_ORDER.filter((name) => !stages.includes(name));
      if (missing.length > 0) throw new SetupProblem(`stages missing: ${missing.join(", ")}`);
      const inOrder = ENROLLMENT_STAGE_ORDER.every(
        (name, index) => index === 0 || stages.indexOf(name) > stages.indexOf(ENROLLMENT_STAGE_ORDER[index - 1]!),
      );
      if (!inOrder) throw new SetupProblem(`stages out of order: ${stages.join(" → ")}`);
      return `${stages.length} stages in order`;
    }),
  ]);
}
