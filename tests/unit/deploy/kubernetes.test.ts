import { readdirSync } from "node:fs";
import path from "node:path";
import { Deployment } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import type { IContainer, IPodSpec } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { CASTELLO_SETTINGS, DEPLOY, isSecretName, parseYaml, parseYamlDocuments, read } from "./support";

const DIRECTORY = path.join(DEPLOY, "kubernetes");
const KUSTOMIZATION = "kustomization.yaml";

/** The kinds these manifests use, each with the model that validates it against Kubernetes' schema. */
const MODELS: Record<string, { apiVersion: string; create: (object: Record<string, unknown>) => { validate: () => void } }> = {
  Namespace: { apiVersion: "v1", create: (object) => new Namespace(object) },
  ConfigMap: { apiVersion: "v1", create: (object) => new ConfigMap(object) },
  Secret: { apiVersion: "v1", create: (object) => new Secret(object) },
  Service: { apiVersion: "v1", create: (object) => new Service(object) },
  Deployment: { apiVersion: "apps/v1", create: (object) => new Deployment(object as never) },
  Job: { apiVersion: "batch/v1", create: (object) => new Job(object as never) },
  Ingress: { apiVersion: "networking.k8s.io/v1", create: (object) => new Ingress(object) },
  PodDisruptionBudget: { apiVersion: "policy/v1", create: (object) => new PodDisruptionBudget(object) },
};

interface Manifest {
  file: string;
  object: Record<string, unknown> & { kind: string; apiVersion: string; metadata: { name: string; namespace?: string } };
}

const manifestFiles = readdirSync(DIRECTORY)
  .filter((file) => file.endsWith(".yaml") && file !== KUSTOMIZATION)
  .sort();
const manifests: Manifest[] = manifestFiles.flatMap((file) =>
  parseYamlDocuments(read(`deploy/kubernetes/${file}`), file).map((object) => ({ file, object: object as Manifest["object"] })),
);

function validationProblems(object: Record<string, unknown>): string[] {
  const model = MODELS[String(object.kind)];
  if (!model) return [`${String(object.kind)} is not a kind these manifests use`];
  if (object.apiVersion !== model.apiVersion) return [`${String(object.kind)} has apiVersion ${String(object.apiVersion)}`];
  try {
    model.create(object).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

const find = <T = Manifest["object"]>(kind: string, name: string) =>
  manifests.find((manifest) => manifest.object.kind === kind && manifest.object.metadata.name === name)?.object as T | undefined;
const deployment = (name: string) =>
  find<{
    spec: {
      replicas: number;
      selector: { matchLabels: Record<string, string> };
      template: { metadata: { labels: Record<string, string> }; spec: IPodSpec };
    };
  }>("Deployment", name)!;
const job = find<{ spec: { template: { spec: IPodSpec } } }>("Job", "castello-migrate")!;
const container = (spec: IPodSpec): IContainer => spec.containers[0]!;
const podSpecs = () => [
  deployment("castello-web").spec.template.spec,
  deployment("castello-worker").spec.template.spec,
  job.spec.template.spec,
];

describe("deploy/kubernetes: every manifest", () => {
  it("parses and validates against Kubernetes' schema (kubernetes-models)", () => {
    expect(manifests.length).toBeGreaterThan(0);
    for (const { file, object } of manifests) expect(validationProblems(object), `${file}: ${object.kind}`).toEqual([]);
  });

  it("rejects a broken copy", () => {
    const web = structuredClone(deployment("castello-web")) as unknown as Record<string, { replicas: unknown }>;
    web.spec!.replicas = "three";
    expect(validationProblems({ apiVersion: "apps/v1", kind: "Deployment", ...web }).join()).toMatch(/replicas must be integer/);
    expect(validationProblems({ apiVersion: "v1", kind: "Pod", metadata: { name: "x" } })).toEqual([
      "Pod is not a kind these manifests use",
    ]);
    expect(() => parseYamlDocuments("a: [1,\n", "broken.yaml")).toThrow(/broken\.yaml/);
  });

  it("has every object the issue asks for, all in the castello namespace", () => {
    expect(manifests.map(({ object }) => `${object.kind}/${object.metadata.name}`).sort()).toEqual(
      [
        "ConfigMap/castello",
        "Deployment/castello-web",
        "Deployment/castello-worker",
        "Ingress/castello",
        "Job/castello-migrate",
        "Namespace/castello",
        "PodDisruptionBudget/castello-web",
        "PodDisruptionBudget/castello-worker",
        "Secret/castello",
        "Service/castello-web",
      ].sort(),
    );
    for (const { object } of manifests.filter(({ object }) => object.kind !== "Namespace")) {
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe("castello");
    }
  });
});

describe("deploy/kubernetes: the workloads", () => {
  it("runs several web replicas with liveness, readiness, resources and a non-root security context", () => {
    const web = deployment("castello-web");
    expect(web.spec.replicas).toBeGreaterThanOrEqual(2);
    const main = container(web.spec.template.spec);
    expect(main.livenessProbe?.httpGet).toMatchObject({ path: "/api/health/live", port: "http" });
    expect(main.readinessProbe?.httpGet).toMatchObject({ path: "/api/health/ready", port: "http" });
    expect(main.startupProbe?.httpGet?.path).toBe("/api/health/live");
    expect(main.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
    expect(main.env).toContainEqual({ name: "HOSTNAME", value: "0.0.0.0" });
  });

  it("runs the worker's script (npm run worker, without npm) and the migrations as a Job with npm run db:migrate", () => {
    expect(container(deployment("castello-worker").spec.template.spec).command).toEqual(["node", "--import", "tsx", "scripts/worker.ts"]);
    expect(container(deployment("castello-worker").spec.template.spec).livenessProbe?.exec?.command).toEqual([
      "node",
      "deploy/docker/healthcheck.mjs",
      "worker",
    ]);
    expect(container(job.spec.template.spec).command).toEqual(["npm", "run", "db:migrate"]);
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
  });

  it("runs every pod non-root, unprivileged, read-only, with requests and a memory limit, from one image", () => {
    const images = new Set<string>();
    for (const spec of podSpecs()) {
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } });
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const each of spec.containers) {
        expect(each.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(each.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
        expect(each.resources?.limits?.memory).toBeDefined();
        expect(each.envFrom).toEqual([{ configMapRef: { name: "castello" } }, { secretRef: { name: "castello" } }]);
        // Where a read-only container writes: every mount is an emptyDir of the pod.
        for (const mount of each.volumeMounts ?? []) {
          expect(spec.volumes?.find((volume) => volume.name === mount.name)?.emptyDir, mount.name).toBeDefined();
        }
        images.add(each.image!);
      }
    }
    expect([...images]).toEqual(["registry.example.eu/castello:0.1.0"]);
  });

  it("puts the Service, the Ingress and the disruption budgets on the pods they are meant for", () => {
    const service = find<{ spec: { selector: Record<string, string>; ports: { port: number; targetPort: string; name: string }[] } }>(
      "Service",
      "castello-web",
    )!;
    const webLabels = deployment("castello-web").spec.template.metadata.labels;
    expect(Object.entries(service.spec.selector).every(([key, value]) => webLabels[key] === value)).toBe(true);
    expect(service.spec.ports[0]?.targetPort).toBe("http");
    const ingress = find<{ spec: { rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[] } }>(
      "Ingress",
      "castello",
    )!;
    expect(ingress.spec.rules[0]?.http.paths[0]?.backend.service).toEqual({
      name: "castello-web",
      port: { name: service.spec.ports[0]!.name },
    });
    for (const name of ["castello-web", "castello-worker"]) {
      const budget = find<{ spec: { selector: { matchLabels: Record<string, string> } } }>("PodDisruptionBudget", name)!;
      expect(budget.spec.selector.matchLabels).toEqual(deployment(name).spec.selector.matchLabels);
    }
    for (const name of ["castello-web", "castello-worker"]) {
      const labels = deployment(name).spec.template.metadata.labels;
      expect(
        Object.entries(deployment(name).spec.selector.matchLabels).every(([key, value]) => labels[key] === value),
        name,
      ).toBe(true);
    }
  });
});

describe("deploy/kubernetes: settings", () => {
  const configMap = find<{ data: Record<string, string> }>("ConfigMap", "castello")!;
  const secret = find<{ stringData: Record<string, string> }>("Secret", "castello")!;
  // The image sets these (Dockerfile ENV); the worker Deployment sets its metrics port itself.
  const fromTheImage = ["NODE_ENV", "PORT"];

  it("gives Castello every setting, each in the ConfigMap or the Secret, secrets only in the Secret", () => {
    const worker = container(deployment("castello-worker").spec.template.spec);
    const elsewhere = [...fromTheImage, ...(worker.env ?? []).map((variable) => variable.name)];
    const provided = [...Object.keys(configMap.data), ...Object.keys(secret.stringData)];
    expect(CASTELLO_SETTINGS.filter((name) => !provided.includes(name) && !elsewhere.includes(name))).toEqual([]);
    expect(Object.keys(configMap.data).filter((name) => Object.keys(secret.stringData).includes(name))).toEqual([]);
    expect(Object.keys(configMap.data).filter(isSecretName)).toEqual([]);
    expect(Object.keys(secret.stringData).filter((name) => !isSecretName(name))).toEqual([]);
  });

  it("is an example Secret: only placeholders", () => {
    for (const [name, value] of Object.entries(secret.stringData)) {
      expect(value === "" || value.includes("change-me"), name).toBe(true);
    }
  });
});

describe("deploy/kubernetes/kustomization.yaml", () => {
  const kustomization = parseYaml<{ resources: string[]; images: { name: string }[] }>(read(`deploy/kubernetes/${KUSTOMIZATION}`));

  it("applies every manifest but the example Secret and the migrate Job (run first, docs/deploy.md)", () => {
    expect([...kustomization.resources].sort()).toEqual(
      manifestFiles.filter((file) => !["secret.example.yaml", "migrate-job.yaml"].includes(file)),
    );
    expect(kustomization.images.map((image) => image.name)).toEqual(["registry.example.eu/castello"]);
  });
});
