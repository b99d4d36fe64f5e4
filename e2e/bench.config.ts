import { defineConfig } from "@playwright/test";
import base from "../playwright.config";

/** `npm run bench:review`: benchmarks that need the production server and the sandbox, not part of `npm test`. */
export default defineConfig({
  ...base,
  testDir: "./bench",
  retries: 0,
  reporter: [["list"]],
  timeout: 300_000,
  webServer: base.webServer ? { ...base.webServer, command: "npx tsx e2e/support/serve.ts" } : undefined,
});
