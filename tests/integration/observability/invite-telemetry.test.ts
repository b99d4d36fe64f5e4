import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, expect, it } from "vitest";
import { observeAction } from "@/lib/observability/http";
import { startTracing, type Tracing } from "@/lib/observability/tracing";
import { scrapeMetrics } from "@/lib/platform/metrics";
import { db } from "@/tests/support/db";
import { until } from "@/tests/support/wait";
import { inviteOne, mailTo, newHousehold, recordedInvitation, startHarness, type Harness } from "./harness";

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let harness: Harness;

beforeAll(async () => {
  tracing = startTracing({ serviceName: "castello-test", exporter });
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
  await tracing?.shutdown();
});

const named = (prefix: string) => exporter.getFinishedSpans().filter((span) => span.name.startsWith(prefix));
const childrenOf = (parent: ReadableSpan, prefix: string) =>
  named(prefix).filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

it("follows an invite in one trace from the action through its jobs to Authentik and the mail server", { timeout: 30_000 }, async () => {
  const household = await newHousehold(harness);
  exporter.reset();
  const invite = await observeAction({ area: "family" }, () => inviteOne(harness, household));
  await recordedInvitation(invite.id);
  await mailTo(harness, invite.email);
  const [action] = named("action family");
  expect(action).toBeDefined();
  const traceId = action!.spanContext().traceId;

  const [job] = await until(() => {
    const jobs = childrenOf(action!, "job identity.create-invitation");
    return jobs.length > 0 && jobs.every((span) => span.ended) && jobs;
  });
  expect(job).toMatchObject({
    kind: SpanKind.CONSUMER,
    attributes: expect.objectContaining({ "messaging.destination.name": "identity.create-invitation" }),
  });
  const calls = childrenOf(job!, "authentik ");
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.map((span) => span.name)).toContain("authentik POST /api/v3/stages/invitation/invitations/");
  for (const call of calls) expect(call).toMatchObject({ kind: SpanKind.CLIENT });

  const mail = await until(() => childrenOf(action!, "job mail.send-invite").find((span) => childrenOf(span, "smtp send").length > 0));
  for (const span of [job!, ...calls, mail]) expect(span.spanContext().traceId).toBe(traceId);

  // The same run, in the metrics: the job's duration, the upstream calls, the jobs read from the database.
  const { body } = await scrapeMetrics(db);
  expect(body).toMatch(/castello_job_duration_seconds_count\{queue="identity.create-invitation",outcome="completed"\} [1-9]/);
  expect(body).toMatch(/castello_upstream_request_duration_seconds_count\{system="authentik",outcome="ok"\} [1-9]/);
  expect(body).toMatch(/castello_upstream_request_duration_seconds_count\{system="smtp",outcome="ok"\} [1-9]/);
  expect(body).toMatch(/castello_http_request_duration_seconds_count\{route="action:family",method="POST",status="200"\} [1-9]/);
  expect(body).toMatch(/castello_jobs\{queue="identity.create-invitation",state="completed"\} [1-9]/);
  expect(body).toContain("castello_job_oldest_pending_seconds");
});
