import { deleteAllSessions, deleteSession, getSessions, login, logout } from "@immich/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkHelpers } from "./sdk-test-helpers";
import { startFakeImmich, type FakeImmich } from "./server";

let immich: FakeImmich;
const { as, person, failure, photosPage } = sdkHelpers(() => immich);
const invalidToken = { status: 401, data: { message: "Invalid user token" } };

beforeAll(async () => {
  immich = await startFakeImmich();
});
afterAll(() => immich.close());

describe("sessions", () => {
  it("lists the caller's own sessions, the calling one marked current", async () => {
    const me = await person();
    const second = await login({ loginCredentialDto: { email: me.email, password: me.password } }, { baseUrl: `${immich.url}/api` });
    await person();
    const sessions = await getSessions(as(me.token));
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    expect(sessions[0]).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      current: expect.any(Boolean),
      deviceOS: "",
      deviceType: "",
      appVersion: null,
      isPendingSyncReset: false,
    });
    const fromSecond = await getSessions(as(second.accessToken));
    expect(fromSecond.find((session) => session.current)!.id).not.toBe(sessions.find((session) => session.current)!.id);
  });

  it("deleting all keeps the current session and ends the others at once, for the API and the web page", async () => {
    const me = await person();
    const other = await login({ loginCredentialDto: { email: me.email, password: me.password } }, { baseUrl: `${immich.url}/api` });
    expect((await photosPage(other.accessToken)).status).toBe(200);

    await deleteAllSessions(as(me.token));
    expect(await failure(getSessions(as(other.accessToken)))).toEqual(invalidToken);
    expect(await getSessions(as(me.token))).toMatchObject([{ current: true }]);

    // The browser holding the deleted session is signed out on its next load.
    const page = await photosPage(other.accessToken);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/auth/login?continue=%2Fphotos");
    expect(page.headers.getSetCookie().join("; ")).toContain("immich_access_token=;");
    expect((await photosPage(me.token)).status).toBe(200);
  });

  it("deletes one of the caller's own sessions, and refuses anyone else's", async () => {
    const me = await person();
    const stranger = await person();
    const other = await login({ loginCredentialDto: { email: me.email, password: me.password } }, { baseUrl: `${immich.url}/api` });
    const target = (await getSessions(as(me.token))).find((session) => !session.current)!;
    expect(await failure(deleteSession({ id: target.id }, as(stranger.token)))).toEqual({
      status: 400,
      data: { message: "Not found or no session.delete access" },
    });
    await expect(getSessions(as(other.accessToken))).resolves.toHaveLength(2);
    await deleteSession({ id: target.id }, as(me.token));
    expect(await failure(getSessions(as(other.accessToken)))).toEqual(invalidToken);
  });

  it("are made by a password login and ended by logout", async () => {
    const me = await person();
    const second = await login({ loginCredentialDto: { email: me.email, password: me.password } }, { baseUrl: `${immich.url}/api` });
    expect(await getSessions(as(me.token))).toHaveLength(2);
    await expect(logout(as(second.accessToken))).resolves.toEqual({ successful: true, redirectUri: "/auth/login?autoLaunch=0" });
    expect(await failure(getSessions(as(second.accessToken)))).toEqual(invalidToken);
    expect(await getSessions(as(me.token))).toMatchObject([{ current: true }]);
  });
});
