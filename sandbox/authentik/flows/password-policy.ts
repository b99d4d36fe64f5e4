/**
 * The blueprint's password policy (`castello-enrollment-password-policy`): static rules with
 * `length_min: 10`, then zxcvbn with `zxcvbn_score_threshold: 2` (the score must be above it).
 * zxcvbn is not installed here, so its part is approximated: what is left of the password once
 * the user's own data, common words, sequences and repeats are taken out must still be long
 * and varied.
 */
export const PASSWORD_POLICY = {
  lengthMin: 10,
  errorMessage: "Choose a password of at least 10 characters that is hard to guess.",
} as const;

const COMMON_WORDS = [
  "password",
  "passwort",
  "motdepasse",
  "contraseña",
  "welcome",
  "letmein",
  "iloveyou",
  "admin",
  "secret",
  "monkey",
  "dragon",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "master",
  "castello",
  "authentik",
  "immich",
  "family",
  "summer",
  "winter",
  "qwerty",
  "azerty",
  "qwertz",
];
const KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qwertzuiop"];

function removeSequences(value: string): string {
  let out = "";
  let run = "";
  const flush = () => {
    if (run.length < 3) out += run;
    run = "";
  };
  for (const char of value) {
    const last = run.at(-1);
    const step = last === undefined ? 0 : char.charCodeAt(0) - last.charCodeAt(0);
    const firstStep = run.length >= 2 ? run.charCodeAt(1) - run.charCodeAt(0) : step;
    if (last !== undefined && Math.abs(step) <= 1 && step === firstStep) {
      run += char;
    } else {
      flush();
      run = char;
    }
  }
  flush();
  return out;
}

function guessable(password: string, userInputs: string[]): boolean {
  let rest = password.toLowerCase();
  const words = [...userInputs.flatMap((input) => input.toLowerCase().split(/[\s@._-]+/)), ...COMMON_WORDS];
  for (const word of words) if (word.length >= 3) rest = rest.split(word).join("");
  for (const row of KEYBOARD_ROWS) {
    for (let size = row.length; size >= 4; size--) {
      for (let start = 0; start + size <= row.length; start++) rest = rest.split(row.slice(start, start + size)).join("");
    }
  }
  rest = removeSequences(rest);
  return rest.length < 8 || new Set(rest).size < 5;
}

/** Null when the password passes, else the policy's error message. */
export function checkPasswordPolicy(password: string, userInputs: string[]): string | null {
  if ([...password].length < PASSWORD_POLICY.lengthMin) return PASSWORD_POLICY.errorMessage;
  if (guessable(password, userInputs)) return PASSWORD_POLICY.errorMessage;
  return null;
}
