import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, dockerIgnores, dockerStages, dockerignorePatterns, read, type DockerStage } from "./support";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const dockerfilelint = require("dockerfilelint") as {
  run: (configPath: string, content: string) => { rule: string; line: number; title: string }[];
};

const dockerfile = read("Dockerfile");
const stages = dockerStages(dockerfile);
const stage = (name: string, from: DockerStage[] = stages) => from.find((candidate) => candidate.name === name);
const instructions = (of: DockerStage | undefined, keyword: string) =>
  (of?.instructions ?? []).filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
const packageJson = JSON.parse(read("package.json")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};

/** What the runtime stage must hold; each function returns its problems, so a broken copy shows it fails. */
function runtimeProblems(from: DockerStage[]): string[] {
  const problems: string[] = [];
  const runtime = from.at(-1);
  if (runtime?.name !== "runtime") return ["the last stage is not runtime"];
  if (!instructions(runtime, "RUN").some((args) => /\bnpm ci\b.*--omit=dev/.test(args))) problems.push("no npm ci --omit=dev");
  const user = instructions(runtime, "USER").at(-1);
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push(`runs as ${user ?? "root"}`);
  if (!instructions(runtime, "EXPOSE").includes("3000")) problems.push("does not expose 3000");
  if (!instructions(runtime, "ENV").some((args) => /\bNODE_ENV=production\b/.test(args))) problems.push("NODE_ENV is not production");
  if (!instructions(runtime, "HEALTHCHECK").some((args) => args.includes("/api/health/live")))
    problems.push("no healthcheck of /api/health/live");
  const copies = instructions(runtime, "COPY");
  if (!copies.some((args) => /--from=build\s+\/app\/\.next\/standalone\s/.test(args))) problems.push("the standalone server is not copied");
  if (!copies.some((args) => /--from=build\s+\/app\/\.next\/static\s+\.\/\.next\/static/.test(args)))
    problems.push("static assets are not copied");
  if (instructions(runtime, "CMD").at(-1) !== '["node", "server.js"]') problems.push("does not start server.js");
  return problems;
}

describe("Dockerfile: dockerfilelint", () => {
  it("passes dockerfilelint (node_modules/.bin/dockerfilelint)", async () => {
    const bin = path.join(ROOT, "node_modules/.bin/dockerfilelint");
    // It exits with the number of issues, so a failing lint rejects here with its report.
    const { stdout } = await run(bin, ["--json", "Dockerfile"], { cwd: ROOT }).catch((error: { stdout: string }) => ({
      stdout: error.stdout,
    }));
    const report = JSON.parse(stdout) as { totalIssues: number; files: { issues: unknown[] }[] };
    expect(report.files[0]?.issues).toEqual([]);
    expect(report.totalIssues).toBe(0);
  });

  it("reports a Dockerfile with the traps it knows", () => {
    const items = dockerfilelint.run(ROOT, "FROM node:latest\nRUN apt-get update && apt-get install curl\nRUN sudo ls\nEXPOSE 3000:3000\n");
    expect(items.map((item) => item.rule).sort()).toEqual(
      ["apt-get_missing_param", "apt-get_missing_rm", "apt-get_recommends", "expose_host_port", "latest_tag", "sudo_usage"].sort(),
    );
  });
});

describe("Dockerfile: the image", () => {
  it("builds in stages deps -> build -> runtime, each from a pinned Node 24 slim image", () => {
    expect(stages.map((candidate) => candidate.name)).toEqual(["deps", "build", "runtime"]);
    for (const candidate of stages) expect(candidate.image).toMatch(/^node:24\.\d+\.\d+-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/);
    expect(new Set(stages.map((candidate) => candidate.image)).size).toBe(1);
  });

  it("installs every dependency with npm ci from the lock file, and builds the standalone server", () => {
    const deps = stage("deps");
    expect(instructions(deps, "COPY")).toContain("package.json package-lock.json ./");
    expect(instructions(deps, "RUN").some((args) => /^npm ci\b/.test(args) && !args.includes("--omit"))).toBe(true);
    const build = stage("build");
    expect(instructions(build, "COPY")[0]).toBe("--from=deps /app/node_modules ./node_modules");
    expect(instructions(build, "ENV").join(" ")).toMatch(/\bNEXT_OUTPUT_STANDALONE=1\b/);
    expect(instructions(build, "RUN")).toEqual(["npm run build"]);
    expect(packageJson.scripts.build).toBe("next build");
  });

  it("runs non-root with production dependencies, the standalone server and a liveness check", () => {
    expect(runtimeProblems(stages)).toEqual([]);
    const broken = dockerStages(
      dockerfile
        .replace("USER 1000:1000", "USER root")
        .replace("npm ci --omit=dev", "npm ci")
        .replace("COPY --from=build /app/.next/standalone ./", "COPY --from=build /app/.next ./.next"),
    );
    expect(runtimeProblems(broken)).toEqual(["no npm ci --omit=dev", "runs as root", "the standalone server is not copied"]);
    expect(runtimeProblems(dockerStages(dockerfile.replace(/\nFROM [^\n]+ AS runtime[\s\S]*$/, "\n")))).toEqual([
      "the last stage is not runtime",
    ]);
  });

  it("runs the worker and the migrations with tsx, a production dependency", () => {
    expect(packageJson.scripts.worker).toMatch(/^tsx /);
    expect(packageJson.scripts["db:migrate"]).toMatch(/^tsx /);
    expect(packageJson.dependencies.tsx).toBeDefined();
    expect(packageJson.devDependencies.tsx).toBeUndefined();
    // npm 11 runs a dependency's install script only when allowScripts lets it: tsx needs esbuild's.
    expect(packageJson.allowScripts?.esbuild).toBe(true);
  });

  it("copies what tsx runs, and every source it copies exists", () => {
    const runtime = stage("runtime");
    const sources = instructions(runtime, "COPY")
      .filter((args) => !args.startsWith("--from="))
      .flatMap((args) => args.split(/\s+/).slice(0, -1));
    expect(sources).toEqual(
      expect.arrayContaining(["package.json", "package-lock.json", "tsconfig.json", "lib", "scripts", "messages", "drizzle"]),
    );
    for (const source of sources) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
    for (const script of ["worker", "db:migrate", "keys:rotate"]) {
      const file = packageJson.scripts[script]!.split(" ")[1]!;
      expect(
        sources.some((source) => file.startsWith(`${source}/`)),
        file,
      ).toBe(true);
    }
  });

  it("enables output: standalone in next.config.ts only when the image build asks for it", () => {
    const config = read("next.config.ts");
    expect(config).toMatch(/process\.env\.NEXT_OUTPUT_STANDALONE === "1" \? \{ output: "standalone"/);
    expect(config.match(/output:/g)).toHaveLength(1);
  });
});

describe(".dockerignore", () => {
  const patterns = dockerignorePatterns();

  it("keeps dependencies, builds, tools, test output, git and every env file out of the build context", () => {
    for (const file of [
      "node_modules/next/package.json",
      "sandbox/node_modules/x",
      ".next/BUILD_ID",
      ".tools/node/bin/node",
      ".data/postgres/PG_VERSION",
      "test-results/vitest.json",
      "playwright-report/index.html",
      ".git/HEAD",
      ".env",
      ".env.local",
      "deploy/.env",
      "tsconfig.tsbuildinfo",
    ]) {
      expect(dockerIgnores(patterns, file), file).toBe(true);
    }
  });

  it("sends everything the Dockerfile copies and the build reads", () => {
    const runtimeCopies = instructions(stage("runtime"), "COPY")
      .filter((args) => !args.startsWith("--from="))
      .flatMap((args) => args.split(/\s+/).slice(0, -1));
    for (const file of [
      ...runtimeCopies,
      "app/layout.tsx",
      "components/ui",
      "lib/env-schema.ts",
      "next.config.ts",
      "tsconfig.json",
      "postcss.config.mjs",
      "e2e/specs",
      "tests/unit",
    ]) {
      expect(dockerIgnores(patterns, file), file).toBe(false);
    }
  });

  it("reads patterns as Docker does", () => {
    expect(dockerIgnores(["**/.env"], "a/b/.env")).toBe(true);
    expect(dockerIgnores(["*.md", "!README.md"], "README.md")).toBe(false);
    expect(dockerIgnores(["*.md"], "docs/deploy.md")).toBe(false);
    expect(dockerIgnores(["docs"], "docs/deploy.md")).toBe(true);
  });
});

describe("deploy/docker/healthcheck.mjs", () => {
  const script = path.join(ROOT, "deploy/docker/healthcheck.mjs");
  let server: Server;
  let port: number;
  let status = 200;

  beforeAll(async () => {
    server = createServer((request, response) => response.writeHead(request.url === "/api/health/live" ? status : 404).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const probe = (args: string[], env: Record<string, string>) =>
    run(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env } }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );

  it("is healthy while the server's liveness answers 200, unhealthy otherwise", async () => {
    status = 200;
    expect(await probe(["web", "/api/health/live"], { PORT: String(port) })).toBe(0);
    status = 503;
    expect(await probe(["web"], { PORT: String(port) })).toBe(1);
    expect(await probe(["web", "/elsewhere"], { PORT: String(port) })).toBe(1);
  });

  it("is unhealthy when nothing listens, or the worker's database does not answer", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await probe(["web"], { PORT: String(closedPort) })).toBe(1);
    expect(await probe(["worker"], { DATABASE_URL: `postgres://nobody@127.0.0.1:${closedPort}/none` })).toBe(1);
    expect(await probe(["elsewise"], {})).toBe(2);
  });
});
