import {
  createPartner,
  deleteUserAdmin,
  getAssetInfo,
  getPartners,
  PartnerDirection,
  Permission,
  removePartner,
  updatePartner,
} from "@immich/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkHelpers } from "./sdk-test-helpers";
import { startFakeImmich, type FakeImmich } from "./server";

let immich: FakeImmich;
const { admin, as, withKey, person, failure, upload, photosPage } = sdkHelpers(() => immich);
const ids = (partners: { id: string }[]) => partners.map((partner) => partner.id);

beforeAll(async () => {
  immich = await startFakeImmich();
});
afterAll(() => immich.close());

describe("partner sharing", () => {
  it("is made by the caller as the sharer, whatever the body says; the answer is the partner user", async () => {
    const sharer = await person();
    const partner = await person();
    const row = await createPartner({ partnerCreateDto: { sharedWithId: partner.user.id } }, as(sharer.token));
    expect(row).toEqual({
      id: partner.user.id,
      name: partner.name,
      email: partner.email,
      avatarColor: expect.any(String),
      profileImagePath: "",
      profileChangedAt: expect.any(String),
      inTimeline: false,
    });
    expect(ids(await getPartners({ direction: PartnerDirection.SharedBy }, as(sharer.token)))).toEqual([partner.user.id]);
    expect(ids(await getPartners({ direction: PartnerDirection.SharedWith }, as(partner.token)))).toEqual([sharer.user.id]);
    expect(await getPartners({ direction: PartnerDirection.SharedWith }, as(sharer.token))).toEqual([]);

    // A sharedById in the body is stripped: the admin's key shares the admin's library, not the partner's.
    const response = await fetch(`${immich.url}/api/partners`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": immich.adminApiKey },
      body: JSON.stringify({ sharedById: partner.user.id, sharedWithId: sharer.user.id }),
    });
    expect(response.status).toBe(201);
    expect(ids(await getPartners({ direction: PartnerDirection.SharedWith }, as(sharer.token)))).toEqual([immich.admin!.id]);
    expect(ids(await getPartners({ direction: PartnerDirection.SharedBy }, as(partner.token)))).toEqual([]);
  });

  it("refuses duplicates, yourself and unknown users with Immich's 400s", async () => {
    const sharer = await person();
    const partner = await person();
    const share = (sharedWithId: string) => createPartner({ partnerCreateDto: { sharedWithId } }, as(sharer.token));
    await share(partner.user.id);
    expect(await failure(share(partner.user.id))).toEqual({ status: 400, data: { message: "Partner already exists" } });
    expect(await failure(share(sharer.user.id))).toEqual({ status: 400, data: { message: "Invalid user" } });
    expect(await failure(share("6f1c7a2e-0d4b-4c8e-9b1a-2f3e4d5c6b7a"))).toEqual({ status: 400, data: { message: "Invalid user" } });
    expect((await failure(share("not-a-uuid"))).data.message).toBe("Validation failed");
  });

  it("lets only the partner who receives the share set inTimeline, and only the sharer remove it", async () => {
    const sharer = await person();
    const partner = await person();
    await createPartner({ partnerCreateDto: { sharedWithId: partner.user.id } }, as(sharer.token));

    expect(await failure(updatePartner({ id: partner.user.id, partnerUpdateDto: { inTimeline: true } }, as(sharer.token)))).toEqual({
      status: 400,
      data: { message: "Not found or no partner.update access" },
    });
    expect(await updatePartner({ id: sharer.user.id, partnerUpdateDto: { inTimeline: true } }, as(partner.token))).toMatchObject({
      id: sharer.user.id,
      inTimeline: true,
    });
    expect(await getPartners({ direction: PartnerDirection.SharedBy }, as(sharer.token))).toMatchObject([{ inTimeline: true }]);

    expect(await failure(removePartner({ id: sharer.user.id }, as(partner.token)))).toEqual({
      status: 400,
      data: { message: "Partner not found" },
    });
    await removePartner({ id: partner.user.id }, as(sharer.token));
    expect(await getPartners({ direction: PartnerDirection.SharedWith }, as(partner.token))).toEqual([]);
  });

  it("checks each route's partner permission for API keys", async () => {
    const partner = await person();
    const readOnly = immich.createApiKey([Permission.PartnerRead], { ownerIsAdmin: false });
    await expect(getPartners({ direction: PartnerDirection.SharedBy }, withKey(readOnly))).resolves.toEqual([]);
    expect(await failure(createPartner({ partnerCreateDto: { sharedWithId: partner.user.id } }, withKey(readOnly)))).toEqual({
      status: 403,
      data: { message: "Missing required permission: partner.create" },
    });
    expect((await failure(removePartner({ id: partner.user.id }, withKey(readOnly)))).status).toBe(403);
    expect((await failure(updatePartner({ id: partner.user.id, partnerUpdateDto: { inTimeline: true } }, withKey(readOnly)))).status).toBe(
      403,
    );
  });

  it("goes with a deleted user: hidden while soft-deleted, gone once removed", async () => {
    const partner = await person();
    const deleted = await person();
    const removed = await person();
    for (const sharer of [deleted, removed]) {
      await createPartner({ partnerCreateDto: { sharedWithId: partner.user.id } }, as(sharer.token));
    }
    expect(await getPartners({ direction: PartnerDirection.SharedWith }, as(partner.token))).toHaveLength(2);
    await deleteUserAdmin({ id: deleted.user.id, userAdminDeleteDto: {} }, admin());
    await deleteUserAdmin({ id: removed.user.id, userAdminDeleteDto: { force: true } }, admin());
    expect(await getPartners({ direction: PartnerDirection.SharedWith }, as(partner.token))).toEqual([]);
    expect(immich.store.getPartner(deleted.user.id, partner.user.id)).toBeDefined();
    expect(immich.store.getPartner(removed.user.id, partner.user.id)).toBeUndefined();
  });
});

describe("the partner's timeline", () => {
  it("shows the sharer's upload, view only, once the partner puts the share in the timeline", async () => {
    const sharer = await person();
    const partner = await person();
    const stranger = await person();
    const { id } = await upload(sharer.token, "lake.jpg", 512);
    await createPartner({ partnerCreateDto: { sharedWithId: partner.user.id } }, as(sharer.token));

    // The partner may read the asset at once; someone without a share may not.
    await expect(getAssetInfo({ id }, as(partner.token))).resolves.toMatchObject({ id, ownerId: sharer.user.id });
    expect(await failure(getAssetInfo({ id }, as(stranger.token)))).toEqual({
      status: 400,
      data: { message: "Not found or no asset.read access" },
    });

    expect(await (await photosPage(partner.token)).text()).not.toContain("lake.jpg");
    await updatePartner({ id: sharer.user.id, partnerUpdateDto: { inTimeline: true } }, as(partner.token));
    const page = await (await photosPage(partner.token)).text();
    expect(page).toContain(`<li data-testid="timeline-item">lake.jpg <span class="hint">Shared by ${sharer.name}</span></li>`);
    expect(page).toMatch(/<h2 id="timeline-heading">Timeline<\/h2>/);
    expect(page).not.toMatch(/delete/i);

    // The sharer's own page lists it as theirs; the stranger's does not list it.
    expect(await (await photosPage(sharer.token)).text()).toContain('<li data-testid="timeline-item">lake.jpg</li>');
    expect(await (await photosPage(stranger.token)).text()).not.toContain("lake.jpg");
  });
});
