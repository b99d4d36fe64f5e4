import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { searchEverything, searchStatement } from "@/lib/support/search";
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

  it("finds a rare match behind many rows that do not match, and takes separators literally", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const family = await createFamily(tx, tenant.id, { name: "Many" });
      await tx.execute(sql`
        insert into members (tenant_id, family_id, identity_sub, email, display_name, role)
        select ${tenant.id}, ${family.id}, 'filler-' || g, 'filler' || g || '@example.test', 'Filler ' || g, 'member'
        from generate_series(1, 3000) g`);
      await createMember(tx, family, { role: "owner", displayName: "Zoë Okapi", email: "zo@okapi.test", identityUsername: "zokapi" });
      expect((await searchEverything(tx, "o@oka")).people.map((person) => person.email)).toEqual(["zo@okapi.test"]);
      expect((await searchEverything(tx, "zokap")).people.map((person) => person.email)).toEqual(["zo@okapi.test"]);
      // "0" is how the search key spells "@": typed, it is just a digit.
      expect((await searchEverything(tx, "zo0oka")).people).toEqual([]);
      expect((await searchEverything(tx, "o.oka")).people).toEqual([]);
      expect((await searchEverything(tx, "ler12@")).people.map((person) => person.email)).toEqual(["filler12@example.test"]);
      expect((await searchEverything(tx, "filler")).people.length).toBe(8);
    }));

  it("is served by the trigram indexes, not a sequential scan", () =>
    inRollback(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = JSON.stringify(await tx.execute(sql`explain ${searchStatement("quokka")}`));
      expect(plan).toMatch(/members_search_trgm_idx/);
      expect(plan).toMatch(/families_search_trgm_idx/);
      expect(plan).toMatch(/invites_search_trgm_idx/);
    }));
});
