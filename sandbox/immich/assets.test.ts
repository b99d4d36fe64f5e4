import { AssetMediaStatus, AssetTypeEnum, getAssetInfo, getServerStatistics, getUserAdmin, uploadAsset } from "@immich/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkHelpers } from "./sdk-test-helpers";
import { startFakeImmich, type FakeImmich } from "./server";

let immich: FakeImmich;
const { admin, as, person, failure, upload, photosPage } = sdkHelpers(() => immich);
const quotaExceeded = { status: 400, data: { message: "Quota has been exceeded!" } };

beforeAll(async () => {
  immich = await startFakeImmich();
});
afterAll(() => immich.close());

describe("POST /api/assets", () => {
  it("stores the caller's upload and adds its bytes to the usage the admin API reports", async () => {
    const me = await person();
    const answer = await upload(me.token, "beach.jpg", 1500);
    expect(answer).toEqual({ id: expect.any(String), status: AssetMediaStatus.Created });
    await upload(me.token, "dunes.jpg", 500);

    expect((await getUserAdmin({ id: me.user.id }, admin())).quotaUsageInBytes).toBe(2000);
    const stats = await getServerStatistics(admin());
    expect(stats.usageByUser.find((row) => row.userId === me.user.id)).toMatchObject({
      photos: 2,
      videos: 0,
      usage: 2000,
      usagePhotos: 2000,
    });
    expect(await getAssetInfo({ id: answer.id }, as(me.token))).toMatchObject({
      id: answer.id,
      ownerId: me.user.id,
      originalFileName: "beach.jpg",
      originalMimeType: "image/jpeg",
      type: AssetTypeEnum.Image,
      checksum: expect.any(String),
    });
  });

  it("refuses every upload for a quota of 0, and one that would go past a quota", async () => {
    const none = await person(0);
    expect(await failure(upload(none.token, "beach.jpg", 1))).toEqual(quotaExceeded);
    expect((await getUserAdmin({ id: none.user.id }, admin())).quotaUsageInBytes).toBe(0);

    const small = await person(1000);
    await upload(small.token, "exact.jpg", 1000);
    expect(await failure(upload(small.token, "one-more.jpg", 1))).toEqual(quotaExceeded);
    expect((await getUserAdmin({ id: small.user.id }, admin())).quotaUsageInBytes).toBe(1000);
  });

  it("refuses a missing file, a file that is not a photo or video, and missing dates", async () => {
    const me = await person();
    const now = new Date().toISOString();
    const send = (assetData: Blob) =>
      uploadAsset({ assetMediaCreateDto: { assetData, fileCreatedAt: now, fileModifiedAt: now } }, as(me.token));
    expect(await failure(send(new File(["x"], "notes.txt")))).toEqual({
      status: 400,
      data: { message: "Unsupported file type notes.txt" },
    });

    const form = new FormData();
    form.set("fileCreatedAt", now);
    form.set("fileModifiedAt", now);
    const missing = await fetch(`${immich.url}/api/assets`, {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${me.token}` },
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ message: "Field(s) assetData should not be empty" });

    const undated = new FormData();
    undated.set("assetData", new File(["x"], "a.jpg"));
    const answer = await fetch(`${immich.url}/api/assets`, {
      method: "POST",
      body: undated,
      headers: { authorization: `Bearer ${me.token}` },
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ message: "Validation failed" });
    expect((await getUserAdmin({ id: me.user.id }, admin())).quotaUsageInBytes).toBe(0);
  });
});

describe("the web upload", () => {
  const webUpload = (token: string, fileName: string, bytes: number) => {
    const form = new FormData();
    form.set("assetData", new File([new Uint8Array(bytes)], fileName, { type: "image/jpeg" }));
    return fetch(`${immich.url}/photos/upload`, {
      method: "POST",
      body: form,
      headers: { cookie: `immich_access_token=${token}` },
      redirect: "manual",
    });
  };

  it("adds to the signed-in user's timeline and usage, then goes back to /photos", async () => {
    const me = await person();
    const answer = await webUpload(me.token, "beach.jpg", 1500);
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe("/photos");
    const page = await (await photosPage(me.token)).text();
    expect(page).toContain('<li data-testid="timeline-item">beach.jpg</li>');
    expect(page).toContain('<label for="asset-data">Photo</label>');
    expect((await getUserAdmin({ id: me.user.id }, admin())).quotaUsageInBytes).toBe(1500);
  });

  it("shows Immich's refusal as an alert on the page when the quota is 0", async () => {
    const guest = await person(0);
    const refused = await webUpload(guest.token, "mine.jpg", 1024);
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('<div role="alert">Quota has been exceeded!</div>');
    expect(page).not.toContain('data-testid="timeline-item"');
    expect((await getUserAdmin({ id: guest.user.id }, admin())).quotaUsageInBytes).toBe(0);
  });

  it("sends a browser without a session to the login page", async () => {
    const answer = await webUpload("no-such-session", "beach.jpg", 10);
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toMatch(/^\/auth\/login/);
  });
});
