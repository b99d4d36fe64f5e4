import { Permission } from "@immich/sdk";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { auditEvents, outboxJobs, tenants } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { IntegrationError } from "@/lib/integrations/errors";
import { registerTenantInput, updateTenantInput } from "@/lib/tenants/input";
import { registerTenant, setTenantStatus, updateTenant } from "@/lib/tenants/service";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { inRollback } from "@/tests/support/db";
import { operatorActor } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { testPhotos } from "@/tests/support/photos";

const ctx = operatorActor("operator-sub", "Olivia Operator");
const keyring = testKeyring();
const photos = testPhotos(keyring);
let immich: FakeImmich;

beforeAll(async () => {
  immich = await startFakeImmich();
});
afterAll(() => immich.close());

const input = (overrides: Record<string, string> = {}) =>
  registerTenantInput.parse({
    slug: `t-${randomUUID().slice(0, 8)}`,
    displayName: "Rossi Photos",
    immichUrl: immich.url,
    immichApiKey: immich.adminApiKey,
    defaultFamilyStorageGb: "200",
    seatLimit: "6",
    ...overrides,
  });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function refusal(promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IntegrationError);
  return error as IntegrationError;
}

describe("registering a tenant", () => {
  it("saves it with the Immich key sealed, audits it and queues its Authentik group", () =>
    inRollback(async (tx) => {
      const { tenant, immich: verification } = await registerTenant({ actor: ctx, input: input() }, { db: tx, keyring, photos });
      expect(verification.version).toBe("v3.2.2");
      const [row] = await tx.select().from(tenants).where(eq(tenants.id, tenant.id));
      expect(row!.immichApiKeyEncrypted).not.toContain(immich.adminApiKey);
      expect(decryptSecret(keyring, row!.immichApiKeyEncrypted!, `tenant:${row!.slug}:immich-api-key`)).toBe(immich.adminApiKey);
      expect(row!.identityGroupName).toBe(`castello-tenant-${row!.slug}`);

      const [audit] = await tx
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.entityId, String(tenant.id)));
      expect(audit).toMatchObject({ action: "tenant.create", actorType: "operator", actorSub: "operator-sub" });
      expect(JSON.stringify(audit)).not.toContain(immich.adminApiKey);

      const jobs = await tx
        .select()
        .from(outboxJobs)
        .where(eq(outboxJobs.subjectId, String(tenant.id)));
      expect(jobs.sort((a, b) => a.queue.localeCompare(b.queue))).toEqual([
        expect.objectContaining({ queue: "identity.ensure-tenant-group", status: "pending", payload: { tenantId: tenant.id } }),
        expect.objectContaining({ queue: "tenant.wire-sign-in", status: "pending", payload: { tenantId: tenant.id } }),
      ]);
    }));

  it("refuses a URL where nothing answers, and saves nothing", () =>
    inRollback(async (tx) => {
      const candidate = input({ immichUrl: `http://127.0.0.1:${await closedPort()}` });
      const error = await refusal(registerTenant({ actor: ctx, input: candidate }, { db: tx, keyring, photos }));
      expect(error.kind).toBe("unreachable");
      expect(error.userMessage).toMatch(/could not be reached \(connection refused\)/);
      expect(await tx.select().from(tenants).where(eq(tenants.slug, candidate.slug))).toEqual([]);
    }));

  it("refuses a server that is not Immich", () =>
    inRollback(async (tx) => {
      const other = await import("node:http").then(({ createServer }) =>
        createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>")),
      );
      await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
      const port = (other.address() as { port: number }).port;
      try {
        const error = await refusal(
          registerTenant({ actor: ctx, input: input({ immichUrl: `http://127.0.0.1:${port}` }) }, { db: tx, keyring, photos }),
        );
        expect(error.kind).toBe("invalid");
        expect(error.userMessage).toMatch(/not Immich/);
      } finally {
        other.close();
      }
    }));

  it("says precisely what is wrong with the key", () =>
    inRollback(async (tx) => {
      const wrong = await refusal(registerTenant({ actor: ctx, input: input({ immichApiKey: "not-a-key" }) }, { db: tx, keyring, photos }));
      expect(wrong.kind).toBe("unauthorized");
      expect(wrong.userMessage).toMatch(/refused the credentials/);

      const readOnly = immich.createApiKey([Permission.AdminUserRead]);
      const lacking = await refusal(registerTenant({ actor: ctx, input: input({ immichApiKey: readOnly }) }, { db: tx, keyring, photos }));
      expect(lacking.kind).toBe("forbidden");
      expect(lacking.userMessage).toContain("adminUser.create");

      const notAdmin = immich.createApiKey([Permission.All], { ownerIsAdmin: false });
      const user = await refusal(registerTenant({ actor: ctx, input: input({ immichApiKey: notAdmin }) }, { db: tx, keyring, photos }));
      expect(user.kind).toBe("forbidden");
      expect(user.userMessage).toMatch(/must belong to an Immich admin/);
    }));

  it("refuses a taken slug next to the slug field", () =>
    inRollback(async (tx) => {
      const first = input();
      await registerTenant({ actor: ctx, input: first }, { db: tx, keyring, photos });
      await expect(registerTenant({ actor: ctx, input: { ...first } }, { db: tx, keyring, photos })).rejects.toMatchObject({
        constructor: ConflictError,
        field: "slug",
      });
    }));
});

describe("editing and suspending a tenant", () => {
  it("keeps the sealed key when none is given, checks a new one, and audits every change", () =>
    inRollback(async (tx) => {
      const { tenant } = await registerTenant({ actor: ctx, input: input() }, { db: tx, keyring, photos });
      const edit = (fields: Record<string, string>) =>
        updateTenantInput.parse({
          tenantId: String(tenant.id),
          displayName: "Renamed",
          immichUrl: immich.url,
          defaultFamilyStorageGb: "100",
          seatLimit: "4",
          ...fields,
        });

      const updated = await updateTenant({ actor: ctx, input: edit({}) }, { db: tx, keyring, photos });
      expect(updated).toMatchObject({ displayName: "Renamed", seatLimit: 4, defaultFamilyStorageBytes: 100_000_000_000 });
      expect(updated.immichApiKeyEncrypted).toBe(tenant.immichApiKeyEncrypted);

      await expect(updateTenant({ actor: ctx, input: edit({ immichApiKey: "bad" }) }, { db: tx, keyring, photos })).rejects.toMatchObject({
        kind: "unauthorized",
      });

      await setTenantStatus({ actor: ctx, input: { tenantId: tenant.id, status: "suspended" } }, { db: tx });
      const actions = (
        await tx
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.entityId, String(tenant.id)))
      ).map((event) => event.action);
      expect(actions).toEqual(expect.arrayContaining(["tenant.create", "tenant.update", "tenant.suspend"]));
      expect(actions.filter((action) => action === "tenant.update")).toHaveLength(1);
    }));
});
