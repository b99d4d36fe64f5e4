import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The integration project on a database of its own (tests/support/isolated-setup.ts):
 * `DATABASE_URL=postgres://…/postgres ISOLATED_TEST_DATABASE=castello_me npx vitest run
 * --config tests/support/vitest.isolated.config.ts tests/integration/<file>`.
 */
const root = path.resolve(import.meta.dirname, "../..");
export default defineConfig({
  resolve: { alias: { "@": root, "server-only": path.join(root, "tests/support/empty-module.ts") } },
  test: {
    root,
    include: ["tests/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: [path.join(root, "tests/support/isolated-setup.ts")],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
