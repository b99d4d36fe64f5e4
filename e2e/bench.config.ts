import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import base from "../playwright.config";

/** `npm run bench:review`: benchmarks that need the production server and the sandbox, not part of `npm test`. */
export default defineConfig({
  ...base,
  testDir: "./bench",
  testMatch: "**/*.bench.ts",
  retries: 0,
  reporter: [["list"]],
  timeout: 300_000,
  // The server starts from the repository root, as in the e2e suite (this file lives in e2e/).
  webServer: base.webServer ? { ...base.webServer, cwd: fileURLToPath(new URL("..", import.meta.url)) } : undefined,
});
