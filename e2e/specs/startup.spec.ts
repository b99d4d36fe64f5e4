import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import path from "node:path";

/** Starts the built server with the given settings and collects what it prints until it exits or listens. */
function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "--port", "3199"], {
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("bad settings stop the start with a message that names each setting", async () => {
  const { code, output } = await startServer({
    AUTH_SECRET: "too-short",
    AUTH_URL: "http://127.0.0.1:3199",
    AUTH_AUTHENTIK_ISSUER: "https://auth.example.eu/application/o/castello",
    AUTH_AUTHENTIK_ID: "castello",
    DATABASE_URL: "postgres://postgres@127.0.0.1:5432/never-used",
  });
  expect(code).toBe(1);
  expect(output).toContain("Castello cannot start, fix these settings");
  expect(output).toContain("AUTH_SECRET must be at least 32 characters");
  expect(output).toContain("AUTH_URL must use `localhost`");
  expect(output).toContain("AUTH_AUTHENTIK_ISSUER must end with a slash");
  expect(output).toContain("AUTH_AUTHENTIK_SECRET is required");
});
