import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { searchEverything } from "@/lib/support/search";
import { inRollback } from "@/tests/support/db";
import { createFamily, createInvite, createMember, createTenant } from "@/tests/support/factories";

describe("the support console's search", () => {
  it("finds people, families and invitations by any part of a name or address, across tenants", () =>
    inRollback(async (tx) => {
      const rome = await createTenant(tx, { displayName: "Foto Roma" });
      const bonn = await createTenant(tx, { displayName: "Fotos Bonn" });
      const rossi = await createFamily(tx, rome.id, { name: "Rossi-Quokka family" });
      const weber = await createFamily(tx, bonn.id, { name: "Weber" });
      await createMember(tx, rossi, { role: "owner", displayName: "Giulia Quokkarossi", email: "giulia.q@example.test" });
      await createMember(tx, weber, { role: "owner", displayName: "Anna Weber", email: "anna@quokka-mail.test" });
      await createInvite(tx, weber, { email: "nina.quokka@example.test" });

      const found = await searchEverything(tx, "  QUOKKA ");
      expect(found.people.map((person) => person.name).sort()).toEqual(["Anna Weber", "Giulia Quokkarossi"]);
      expect(found.families.map((family) => [family.name, family.tenantName])).toEqual([["Rossi-Quokka family", "Foto Roma"]]);
      expect(found.invites.map((invite) => [invite.email, invite.familyName, invite.tenantName])).toEqual([
        ["nina.quokka@example.test", "Weber", "Fotos Bonn"],
      ]);
      expect(await searchEverything(tx, "qu")).toEqual({ people: [], families: [], invites: [] });
      expect((await searchEverything(tx, "%%%")).people).toEqual([]);
      expect((await searchEverything(tx, "q".repeat(10_000))).people).toEqual([]);
    }));

  it("is served by the trigram indexes, not a sequential scan", () =>
    inRollback(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plans = await Promise.all(
        [
          sql`select 1 from members where lower(email) like '%quokka%' or lower(display_name) like '%quokka%'`,
          sql`select 1 from families where lower(name) like '%quokka%'`,
          sql`select 1 from invites where lower(email) like '%quokka%'`,
        ].map(async (query) => JSON.stringify(await tx.execute(sql`explain ${query}`))),
      );
      expect(plans[0]).toMatch(/members_email_trgm_idx/);
      expect(plans[0]).toMatch(/members_name_trgm_idx/);
      expect(plans[1]).toMatch(/families_name_trgm_idx/);
      expect(plans[2]).toMatch(/invites_email_trgm_idx/);
    }));
});
