import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthentikIdentity } from "@/lib/identity/authentik/adapter";
import { IntegrationError } from "@/lib/integrations/errors";
import { startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";

/** The identity port's calls, through the Authentik adapter, against the fake Authentik API. */
let authentik: AuthentikSandbox;
beforeAll(async () => {
  authentik = await startAuthentikSandbox();
});
afterAll(() => authentik.server.close());

let counter = 0;
function person(groups: string[] = []) {
  counter += 1;
  return authentik.directory.createUser({
    username: `port-${counter}`,
    name: `Port Person ${counter}`,
    email: `Port.${counter}@Example.test`,
    groups,
  });
}

describe("the identity port over Authentik", () => {
  it("finds an account by address in any case, with its sub, and reads it with its groups", async () => {
    const user = person(["castello-support"]);
    const [found] = await authentik.identity.findAccountsByEmail(`  port.${counter}@example.TEST `);
    expect(found).toEqual({
      id: String(user.pk),
      sub: user.uid,
      username: user.username,
      email: user.email,
      name: user.name,
      isActive: true,
    });
    const account = await authentik.identity.getAccount(found!.id);
    expect(account).toMatchObject({ groupNames: ["castello-support"], createdAt: expect.any(Date), lastLoginAt: null });
    expect(await authentik.identity.getAccount("99999")).toBeUndefined();
    expect(await authentik.identity.getAccount("not-a-pk")).toBeUndefined();
  });

  it("keeps groups by name, adds and removes members, and treats removing a missing account as done", async () => {
    const user = person();
    const group = await authentik.identity.ensureGroup(`port-group-${counter}`, { castello_tenant: "x" });
    expect(group.created).toBe(true);
    expect(await authentik.identity.ensureGroup(group.name)).toEqual({ ...group, created: false });
    await authentik.identity.addToGroup(group.id, String(user.pk));
    expect(authentik.directory.groupNamesOf(user)).toContain(group.name);
    await authentik.identity.removeFromGroup(group.id, String(user.pk));
    expect(authentik.directory.groupNamesOf(user)).not.toContain(group.name);
    await expect(authentik.identity.removeFromGroup(group.id, "99999")).resolves.toBeUndefined();
  });

  it("deactivates an account, and then its current groups are none", async () => {
    const user = person(["castello-operators"]);
    const who = { sub: user.uid, email: user.email };
    expect(await authentik.identity.currentGroups(who)).toEqual(["castello-operators"]);
    await authentik.identity.setAccountActive(String(user.pk), false);
    expect(await authentik.identity.currentGroups(who)).toEqual([]);
    await authentik.identity.setAccountActive(String(user.pk), true);
    expect(await authentik.identity.currentGroups({ ...who, sub: "someone-else" })).toEqual([]);
  });

  it("lists MFA devices with their kind and dates, and resets one", async () => {
    const user = person();
    authentik.state.addDevice(user.pk, "totp", { name: "Phone" });
    authentik.state.addDevice(user.pk, "webauthn", { name: "Laptop key" });
    const devices = await authentik.identity.listMfaDevices(String(user.pk));
    expect(devices.map((device) => [device.kind, device.name, device.confirmed])).toEqual([
      ["totp", "Phone", true],
      ["webauthn", "Laptop key", true],
    ]);
    expect(devices[0]!.createdAt).toBeInstanceOf(Date);
    const totp = devices.find((device) => device.kind === "totp")!;
    await authentik.identity.resetMfaDevice({ id: totp.id, kind: "totp" });
    expect((await authentik.identity.listMfaDevices(String(user.pk))).map((device) => device.kind)).toEqual(["webauthn"]);
    await expect(authentik.identity.resetMfaDevice({ id: totp.id, kind: "totp" })).resolves.toBeUndefined();
  });

  it("makes a recovery link, and reads the account's own events", async () => {
    const user = person();
    const link = await authentik.identity.recoveryLink(String(user.pk));
    expect(link).toMatch(/\/if\/flow\/default-recovery-flow\/\?flow_token=/);
    authentik.state.events.record({
      action: "login",
      app: "authentik.events.signals",
      user: { pk: user.pk, username: user.username, email: user.email },
    });
    const events = await authentik.identity.eventsOf(user.username);
    expect(events[0]).toMatchObject({ action: "login", createdAt: expect.any(Date) });
  });

  it("answers health, tells a refused token apart, and fails reads with a typed error while Authentik is down", async () => {
    expect(await authentik.identity.health()).toEqual({ reachable: true, credentialsAccepted: true });
    const wrongToken = createAuthentikIdentity({ url: authentik.server.url, token: "not-the-token", timeoutMs: 2000 });
    expect(await wrongToken.health()).toMatchObject({ reachable: true, credentialsAccepted: false });
    authentik.faults.add({ path: "/api/v3/core/users/", fault: { kind: "status", status: 503 } });
    await expect(authentik.identity.findAccountsByEmail("x@example.test")).rejects.toBeInstanceOf(IntegrationError);
    authentik.faults.clear();
  });
});
