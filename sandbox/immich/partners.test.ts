import {
  createPartner,
  createUserAdmin,
  deleteAllSessions,
  deleteSession,
  getUserAdmin,
  getPartners,
  getSessions,
  isHttpError,
  login,
  PartnerDirection,
  removePartner,
  updatePartner,
} from "@immich/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeImmich, type FakeImmich } from "./server";

let immich: FakeImmich;
let people = 0;
const admin = () => ({ baseUrl: `${immich.url}/api`, headers: { "x-api-key": immich.adminApiKey } });
const as = (accessToken: string) => ({ baseUrl: `${immich.url}/api`, headers: { authorization: `Bearer ${accessToken}` } });

async function person(quotaSizeInBytes: number | null = null) {
  people += 1;
  const email = `p${people}@family.test`;
  const password = `pw-${people}-long-enough`;
  const user = await createUserAdmin({ userAdminCreateDto: { email, name: `P${people}`, password, quotaSizeInBytes } }, admin());
  const { accessToken } = await login({ loginCredentialDto: { email, password } }, { baseUrl: `${immich.url}/api` });
  return { user, email, password, token: accessToken };
}

async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (isHttpError(error)) return { status: error.status, data: error.data as { message?: string } };
    throw error;
  }
  throw new Error("expected a failure");
}

beforeAll(async () => {
  immich = await startFakeImmich();
});
afterAll(() => immich.close());

describe("partner sharing", () => {
  it("is made by the sharer's own session; the partner chooses to show it in the timeline", async () => {
    const sharer = await person();
    const partner = await person();
    const row = await createPartner({ partnerCreateDto: { sharedWithId: partner.user.id } }, as(sharer.token));
    expect(row).toMatchObject({ id: partner.user.id, inTimeline: false });
    expect(await failure(createPartner({ partnerCreateDto: { sharedWithId: partner.user.id } }, as(sharer.token)))).toMatchObject({
      status: 400,
      data: { message: "Partner already exists" },
    });
    expect((await getPartners({ direction: PartnerDirection.SharedWith }, as(partner.token))).map((p) => p.id)).toEqual([sharer.user.id]);
    // Only the partner who receives the share sets inTimeline; the sharer cannot.
    expect((await failure(updatePartner({ id: partner.user.id, partnerUpdateDto: { inTimeline: true } }, as(sharer.token)))).status).toBe(
      400,
    );
    expect(await updatePartner({ id: sharer.user.id, partnerUpdateDto: { inTimeline: true } }, as(partner.token))).toMatchObject({
      id: sharer.user.id,
      inTimeline: true,
    });
    await removePartner({ id: partner.user.id }, as(sharer.token));
    expect(await getPartners({ direction: PartnerDirection.SharedBy }, as(sharer.token))).toEqual([]);
  });
});

describe("sessions", () => {
  it("are the caller's own; deleting all keeps the current one and ends the others at once", async () => {
    const me = await person();
    const other = await login({ loginCredentialDto: { email: me.email, password: me.password } }, { baseUrl: `${immich.url}/api` });
    const sessions = await getSessions(as(me.token));
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    const stranger = await person();
    const mine = sessions.find((session) => !session.current)!;
    expect((await failure(deleteSession({ id: mine.id }, as(stranger.token)))).status).toBe(400);
    await deleteAllSessions(as(me.token));
    expect((await failure(getSessions(as(other.accessToken)))).status).toBe(401);
    expect(await getSessions(as(me.token))).toHaveLength(1);
  });
});

describe("the web upload", () => {
  it("adds to the owner's usage, and a quota of 0 refuses every upload", async () => {
    const uploader = await person();
    const guest = await person(0);
    const upload = async (token: string) => {
      const form = new FormData();
      form.set("assetData", new File([new Uint8Array(1500)], "beach.jpg", { type: "image/jpeg" }));
      return fetch(`${immich.url}/photos/upload`, {
        method: "POST",
        body: form,
        headers: { cookie: `immich_access_token=${token}` },
        redirect: "manual",
      });
    };
    expect((await upload(uploader.token)).status).toBe(303);
    const page = await (await fetch(`${immich.url}/photos`, { headers: { cookie: `immich_access_token=${uploader.token}` } })).text();
    expect(page).toContain('data-testid="timeline-item">beach.jpg');
    expect((await getUserAdmin({ id: uploader.user.id }, admin())).quotaUsageInBytes).toBe(1500);
    const refused = await upload(guest.token);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Quota has been exceeded!");
  });
});
