import { describe, expect, it } from "vitest";
import { SHARING_MODES } from "@/lib/db/schema/enums";
import { queueNames } from "@/lib/jobs/queue";
import { departureSteps, joinSteps } from "./plan";

describe("the provisioning plan", () => {
  it("joins an individual family's member: account, invitation, tenant group, then photos", () => {
    const steps = joinSteps({ sharingMode: "individual" });
    expect(steps.map((step) => step.key)).toEqual(["account", "joined", "group", "photos"]);
    expect(steps.map((step) => step.queue?.name)).toEqual([undefined, undefined, "identity.add-member-to-group", "photos.provision-user"]);
  });

  it("takes a leaving member out of the group, off the account if unused, and out of photos", () => {
    expect(departureSteps({ sharingMode: "individual" }).map((queue) => queue.name)).toEqual([
      "identity.remove-member-from-group",
      "identity.deactivate-account-if-unused",
      "photos.remove-user",
    ]);
  });

  it("joins a family with one library through its shared account, and takes that off a leaver first", () => {
    const steps = joinSteps({ sharingMode: "shared_library" });
    expect(steps.map((step) => step.queue?.name)).toEqual([
      undefined,
      undefined,
      "identity.add-member-to-group",
      "photos.sync-family-access",
    ]);
    expect(departureSteps({ sharingMode: "shared_library" }).map((queue) => queue.name)).toEqual([
      "photos.sync-family-access",
      "identity.remove-member-from-group",
      "identity.deactivate-account-if-unused",
      "photos.remove-user",
    ]);
  });

  it("has a plan for every sharing mode, and keeps the former queue names of its jobs", () => {
    for (const sharingMode of SHARING_MODES) {
      expect(joinSteps({ sharingMode }).length).toBeGreaterThan(0);
      expect(departureSteps({ sharingMode }).length).toBeGreaterThan(0);
    }
    expect(queueNames(joinSteps({ sharingMode: "individual" })[3]!.queue!)).toEqual(["photos.provision-user", "immich.provision-user"]);
  });
});
