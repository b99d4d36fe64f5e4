import { message, type Message } from "@/lib/i18n/message";
import { inEnglish } from "@/lib/i18n/translate";
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

async function check(label: Message, probe: () => Promise<Message>): Promise<SetupCheckItem> {
  try {
    return { label, ok: true, detail: await probe() };
  } catch (error) {
    if (error instanceof IntegrationError && error.kind === "not_found")
      return { label, ok: false, detail: message("operator.authentik.details.missing") };
    if (error instanceof SetupProblem) return { label, ok: false, detail: error.text };
    return {
      label,
      ok: false,
      detail: error instanceof IntegrationError ? error.userText : message("operator.authentik.details.notCheckable"),
    };
  }
}

/** What is wrong with an object that exists, for the operator to read. */
class SetupProblem extends Error {
  constructor(readonly text: Message) {
    super(inEnglish(text));
  }
}

/**
 * Checks a live Authentik for every object Castello needs and says what is missing.
 * The application slug comes from the issuer (`/application/o/<slug>/`).
 */
export async function checkAuthentikSetup(apis: AuthentikApis, expected: SetupExpectations): Promise<SetupCheckItem[]> {
  const group = (name: string) => async () => {
    const page = await callAuthentik(() => apis.core.coreGroupsList({ name }));
    if (!page.results.some((candidate) => candidate.name === name)) throw new SetupProblem(message("operator.authentik.details.missing"));
    return message("operator.authentik.details.present");
  };
  return Promise.all([
    check(message("operator.authentik.items.group", { name: expected.operatorGroup }), group(expected.operatorGroup)),
    check(message("operator.authentik.items.group", { name: expected.supportGroup }), group(expected.supportGroup)),
    check(message("operator.authentik.items.application", { slug: expected.applicationSlug }), async () => {
      const application = await callAuthentik(() => apis.core.coreApplicationsRetrieve({ slug: expected.applicationSlug }));
      if (!application.provider) throw new SetupProblem(message("operator.authentik.details.noProvider"));
      const provider = await callAuthentik(() => apis.providers.providersOauth2Retrieve({ id: application.provider! }));
      const redirects = provider.redirectUris.map((uri) => uri.url);
      if (!redirects.includes(expected.callbackUrl)) {
        throw new SetupProblem(message("operator.authentik.details.redirectMissing", { url: expected.callbackUrl }));
      }
      return message("operator.authentik.details.providerReady", { provider: provider.name });
    }),
    check(message("operator.authentik.items.enrollmentFlow", { slug: ENROLLMENT_FLOW_SLUG }), async () => {
      const flow = await callAuthentik(() => apis.flows.flowsInstancesRetrieve({ slug: ENROLLMENT_FLOW_SLUG }));
      if (flow.designation !== "enrollment")
        throw new SetupProblem(message("operator.authentik.details.wrongDesignation", { designation: String(flow.designation) }));
      const bindings = await callAuthentik(() => apis.flows.flowsBindingsList({ target: flow.pk, ordering: "order", pageSize: 100 }));
      const stages = bindings.results.map((binding) => binding.stageObj?.name ?? "");
      const missing = ENROLLMENT_STAGE_ORDER.filter((name) => !stages.includes(name));
      if (missing.length > 0)
        throw new SetupProblem(message("operator.authentik.details.stagesMissing", { count: missing.length, stages: missing.join(", ") }));
      const inOrder = ENROLLMENT_STAGE_ORDER.every(
        (name, index) => index === 0 || stages.indexOf(name) > stages.indexOf(ENROLLMENT_STAGE_ORDER[index - 1]!),
      );
      if (!inOrder) throw new SetupProblem(message("operator.authentik.details.stagesOutOfOrder", { stages: stages.join(" → ") }));
      return message("operator.authentik.details.stagesInOrder", { count: stages.length });
    }),
  ]);
}
