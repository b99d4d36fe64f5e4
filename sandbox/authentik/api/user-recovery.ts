import { nonFieldError } from "./errors";
import { eventUser } from "./event-log";
import { BodyReader } from "./fields";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";
import { findUser } from "./users";

const TIMEDELTA_UNITS: Record<string, number> = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
  microseconds: 0.001,
};
/** authentik.core.models.default_token_duration */
const DEFAULT_TOKEN_MS = 30 * 60_000;

/** authentik.lib.utils.time.timedelta_from_string: `hours=1;minutes=2`. */
function parseDuration(body: BodyReader, value: string | null | undefined): number | undefined {
  if (!value) return DEFAULT_TOKEN_MS;
  let total = 0;
  for (const part of value.split(";").filter(Boolean)) {
    const [unit, amount] = part.split("=");
    const factor = unit ? TIMEDELTA_UNITS[unit.trim()] : undefined;
    if (factor === undefined || amount === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(amount)) {
      return body.fail("token_duration", `${value} is not in the correct format of 'hours=3;minutes=1'.`);
    }
    total += Number(amount) * factor;
  }
  return total;
}

/** UserViewSet._create_recovery_link: needs the brand's recovery flow, checked before the user lookup. */
function createRecoveryLink(request: ApiRequest, state: ApiState, durationMs: number, forEmail: boolean): { link: string; expires: Date } {
  const flowSlug = state.brand.recoveryFlowSlug;
  if (!flowSlug || !state.flowBySlug(flowSlug)) throw nonFieldError("No recovery flow set.");
  const user = findUser(state, request.params.id!);
  const token = state.newRecoveryToken(user.pk, flowSlug, new Date(Date.now() + durationMs), forEmail);
  return { link: `${request.origin}/if/flow/${flowSlug}/?flow_token=${token.key}`, expires: token.expires };
}

async function recovery(request: ApiRequest, state: ApiState) {
  const body = BodyReader.from(await request.body());
  const duration = parseDuration(body, body.string("token_duration"));
  body.throwIfInvalid();
  const { link } = createRecoveryLink(request, state, duration!, false);
  return { status: 200, body: { link } };
}

async function recoveryEmail(request: ApiRequest, state: ApiState) {
  const body = BodyReader.from(await request.body());
  const duration = parseDuration(body, body.string("token_duration"));
  const emailStage = body.uuid("email_stage", { required: true });
  body.throwIfInvalid();
  const user = findUser(state, request.params.id!);
  if (!user.email) throw nonFieldError("User does not have an email address set.");
  if (!emailStage || state.stages.get(emailStage)?.kind !== "email") throw nonFieldError("Email stage not found.");
  const { link } = createRecoveryLink(request, state, duration!, true);
  state.sentRecoveryEmails.push({ userPk: user.pk, to: user.email, emailStage, link, sentAt: new Date() });
  state.events.record({
    action: "email_sent",
    app: "authentik.stages.email.tasks",
    user: eventUser(request.user),
    context: { message: `Email to ${user.email} sent`, subject: "authentik", to_email: [user.email] },
  });
  return { status: 204 };
}

export const userRecoveryRoutes: Route[] = [
  { method: "POST", path: "/core/users/{id}/recovery/", handler: recovery },
  { method: "POST", path: "/core/users/{id}/recovery_email/", handler: recoveryEmail },
];
