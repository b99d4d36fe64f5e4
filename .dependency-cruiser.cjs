/**
 * The layering, checked in `npm test` (`npm run lint:boundaries`); docs/architecture.md draws it.
 * routes (app/) → actions → domain verbs (lib/<domain>) → ports (lib/identity, lib/photos) → adapters.
 */
const ADAPTERS = "^lib/(identity/authentik|photos/immich)/";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "No module imports itself back through others.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-lib-folder-cycles",
      severity: "error",
      comment: "The folders of lib/ form a hierarchy: no two of them import each other, even through a third.",
      scope: "folder",
      from: { path: "^lib/" },
      to: { path: "^lib/", circular: true },
    },
    {
      name: "product-never-imports-sandbox-or-tests",
      severity: "error",
      comment: "The product must not know whether it talks to the sandbox or to the real systems.",
      from: { path: "^(app|components|lib)/", pathNot: "\\.test\\.tsx?$" },
      to: { path: "^(sandbox|tests|e2e)/" },
    },
    {
      name: "components-never-import-routes",
      severity: "error",
      comment: "Components render what routes hand them (data, actions); they never reach into app/.",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "components-never-import-the-composition-root",
      severity: "error",
      comment: "Only routes and scripts build or read the dependencies; components only render.",
      from: { path: "^components/" },
      to: { path: "^lib/(platform|db)/(?!schema)" },
    },
    {
      name: "domain-never-imports-the-composition-root",
      severity: "error",
      comment: "lib/platform is imported by app/ and scripts/ only: the domain receives its dependencies.",
      from: { path: "^lib/", pathNot: "^lib/platform/" },
      to: { path: "^lib/platform/" },
    },
    {
      name: "domain-speaks-to-ports-not-adapters",
      severity: "error",
      comment: "Only the composition root chooses the adapters; the domain, routes and components see the ports.",
      from: { path: "^(app|components|lib)/", pathNot: `^lib/platform/|${ADAPTERS}` },
      to: { path: ADAPTERS },
    },
    {
      name: "only-the-authentik-adapter-uses-its-client",
      severity: "error",
      from: { path: "^(app|components|lib|scripts)/", pathNot: "^lib/identity/authentik/" },
      to: { path: "@goauthentik/api" },
    },
    {
      name: "only-the-immich-adapter-uses-its-client",
      severity: "error",
      from: { path: "^(app|components|lib|scripts)/", pathNot: "^lib/photos/immich/" },
      to: { path: "@immich/sdk" },
    },
    {
      name: "production-code-uses-production-dependencies",
      severity: "error",
      comment: "`npm ci --omit=dev` must build and start: what the server, the worker and the scripts it runs import is a dependency.",
      from: {
        path: "^(app|components|lib)/|^scripts/(worker|migrate|check-settings|rotate-keys)\\.ts$|^(instrumentation|proxy|next\\.config)\\.ts$",
        pathNot: "\\.test\\.tsx?$",
      },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|\\.data|\\.tools|drizzle)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
