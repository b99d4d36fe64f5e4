import type { SeedUser } from "./authentik/directory";

/** The people of the sandbox; `npm run dev` prints how to sign in as each. */
export const SANDBOX_PASSWORD = "castello-sandbox";

export const sandboxUsers: SeedUser[] = [
  {
    username: "olivia",
    name: "Olivia Operator",
    email: "olivia@castello.test",
    password: SANDBOX_PASSWORD,
    groups: ["castello-operators"],
  },
  { username: "sam", name: "Sam Support", email: "sam@castello.test", password: SANDBOX_PASSWORD, groups: ["castello-support"] },
  { username: "clara", name: "Clara Rossi", email: "clara@castello.test", password: SANDBOX_PASSWORD },
  { username: "nobody", name: "Nora Nobody", email: "nora@castello.test", password: SANDBOX_PASSWORD },
];
