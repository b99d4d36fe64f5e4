import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REQUIRED_PERMISSIONS } from "@/lib/photos/immich/server";
import { ROOT, commandOf, loadCompose, read } from "./support";

const DOC = "docs/deploy.md";
const doc = read(DOC);
const compose = loadCompose();

/** The rows of the doc's "What runs on the host" table: service and image, as written. */
function servicesTable(text: string): { service: string; image: string }[] {
  const section = text.split("## What runs on the host")[1]?.split("\n## ")[0] ?? "";
  return [...section.matchAll(/^\| `([a-z0-9-]+)`\s*\|\s*([^|]+?)\s*\|/gm)].map((match) => ({
    service: match[1]!,
    image: match[2]!.replace(/`/g, ""),
  }));
}

/** An image as the doc writes it: without docker.io/ and library/. */
const shortImage = (image: string) => image.replace(/^docker\.io\//, "").replace(/^library\//, "");

describe("docs/deploy.md", () => {
  it("lists every service of compose.yaml with the image it runs", () => {
    const rows = servicesTable(doc);
    expect(rows.map((row) => row.service).sort()).toEqual(Object.keys(compose.services).sort());
    const problems = rows.flatMap(({ service, image }) => {
      const actual = compose.services[service]?.image ?? "";
      if (compose.services[service]?.build) return [];
      if (image === "the same") return [];
      return shortImage(actual) === image ? [] : [`${service}: the doc says ${image}, compose.yaml runs ${actual}`];
    });
    expect(problems).toEqual([]);
    const stale = servicesTable(doc.replace("`valkey/valkey:9.0.3`", "`valkey/valkey:8.1.0`")).filter(
      ({ service, image }) => service === "immich-valkey" && shortImage(compose.services[service]!.image!) !== image,
    );
    expect(stale).toHaveLength(1);
  });

  it("names only services that exist in its commands", () => {
    const named = [...doc.matchAll(/compose(?: -f deploy\/compose\.yaml)? (?:exec(?: -T)?|logs|restart|stop) ([a-z0-9-]+)/g)].map(
      (m) => m[1]!,
    );
    const scaled = [...doc.matchAll(/--scale ([a-z0-9-]+)=/g)].map((match) => match[1]!);
    expect(named.length + scaled.length).toBeGreaterThan(0);
    expect([...named, ...scaled].filter((name) => !compose.services[name])).toEqual([]);
  });

  it("asks for every permission Castello checks on an Immich API key", () => {
    expect(REQUIRED_PERMISSIONS.filter((permission) => !doc.includes(`\`${permission}\``))).toEqual([]);
  });

  it("links only to files that exist", () => {
    const links = [...doc.matchAll(/\]\((\.\.\/[^)#]+|[a-z-]+\.md)(#[^)]*)?\)/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((link) => !existsSync(path.resolve(ROOT, "docs", link)))).toEqual([]);
  });

  it("describes the blueprint's automatic apply, with the command compose.yaml runs, and no manual step", () => {
    const applied = /ak apply_blueprint \S+?(?=;|$)/.exec(commandOf(compose.services["authentik-blueprint"]!))?.[0];
    expect(applied).toBe("ak apply_blueprint castello/castello.yaml");
    expect(doc).toContain(`\`${applied}\``);
    expect(doc).toContain("`authentik-blueprint`");
    expect(existsSync(path.join(ROOT, "authentik/blueprints/castello.yaml"))).toBe(true);
    // Compose applies it: the steps no longer tell anyone to run it in the worker by hand.
    const manual = /compose(?: -f deploy\/compose\.yaml)? exec(?: -T)? [a-z-]+ ak apply_blueprint/;
    expect(manual.test(doc)).toBe(false);
    expect(manual.test("docker compose -f deploy/compose.yaml exec authentik-worker ak apply_blueprint castello/castello.yaml")).toBe(true);
  });

  it("is linked from the README", () => {
    expect(read("README.md").includes("](docs/deploy.md)")).toBe(true);
  });
});
