/** `npm start` runs this first: a bad setting stops the start before the server listens. */
import { formatProblems, parseEnv } from "../lib/env-schema";

const result = parseEnv(process.env);
if (!result.ok) {
  console.error(`\n${formatProblems(result.problems)}\n\nSee README.md, "Settings".\n`);
  process.exit(1);
}
