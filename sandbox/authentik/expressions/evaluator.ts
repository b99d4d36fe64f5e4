import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Authentik's expression evaluator, run for real: `evaluator.py` (standard library only) is
 * spawned with `python3` once per call, with one JSON request on stdin and one JSON answer on
 * stdout. See that script for the protocol.
 */
const SCRIPT = fileURLToPath(new URL("./evaluator.py", import.meta.url));
const PYTHON = process.env.FAKE_AUTHENTIK_PYTHON ?? "python3";
const TIMEOUT_MS = 5000;

export interface ExpressionMapping {
  name: string;
  expression: string;
}

export interface ContextGroup {
  pk: string;
  num_pk: number;
  name: string;
  is_superuser: boolean;
  attributes: Record<string, unknown>;
  parents: string[];
}

export interface ContextUser {
  pk: number | null;
  uid: string;
  uuid: string | null;
  username: string;
  name: string;
  email: string;
  is_active: boolean;
  attributes: Record<string, unknown>;
  path: string;
  type: string;
  /** Group pks. */
  groups: string[];
}

export interface ContextProvider {
  pk: number;
  name: string;
  client_type: string;
  client_id: string;
  client_secret: string;
  sub_mode: string;
  issuer_mode: string;
  include_claims_in_id_token: boolean;
  application: { pk: string; name: string; slug: string; group: string; meta_launch_url: string } | null;
}

/** What the mappings are evaluated with: `request.user`/`user`, `provider`, `token`, and everyone ak_user_by may find. */
export interface EvaluationContext {
  /** The user's pk; null for the anonymous user (discovery's claims_supported). */
  user: number | null;
  users: ContextUser[];
  groups: ContextGroup[];
  /** Absent: no `provider` in the context at all; null: `provider` is None. */
  provider?: ContextProvider | null;
  /** The grant's scopes; absent: no `token` in the context (discovery). */
  token?: { scope: string[] };
  http_request?: { path: string; method: string; headers?: Record<string, string>; client_ip?: string | null };
}

export type MappingResult = { value: unknown } | { error: string; message: string };

export interface EvaluationAnswer {
  /** One per mapping, in order. */
  results: MappingResult[];
  /** UserInfoView.get_claims: the dict results deep-merged (deepmerge's always_merger) in order. */
  claims: Record<string, unknown>;
  /** What `ak_logger` logged. */
  logs: ({ logger: string; level: string; event: string } & Record<string, unknown>)[];
}

export class ExpressionEvaluatorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ExpressionEvaluatorError";
  }
}

function missingPython(cause: unknown): ExpressionEvaluatorError {
  return new ExpressionEvaluatorError(
    `The fake Authentik evaluates scope-mapping expressions with Python, but "${PYTHON}" could not be started. Install python3 (or set FAKE_AUTHENTIK_PYTHON).`,
    { cause },
  );
}

let interpreter: string | undefined;

/**
 * The interpreter behind `python3`, asked once: a version manager's shim (pyenv) costs a few
 * hundred milliseconds per start, the interpreter itself a few tens.
 */
function python(): string {
  if (interpreter) return interpreter;
  const found = spawnSync(PYTHON, ["-c", "import sys; print(sys.executable)"], { encoding: "utf8", timeout: TIMEOUT_MS });
  if (found.error) {
    if ((found.error as NodeJS.ErrnoException).code === "ENOENT") throw missingPython(found.error);
    throw new ExpressionEvaluatorError(`${PYTHON} failed: ${found.error.message}`, { cause: found.error });
  }
  const executable = found.status === 0 ? found.stdout.trim() : "";
  interpreter = executable || PYTHON;
  return interpreter;
}

function parseAnswer<T>(stdout: string, stderr: string, status: number | null): T {
  if (status !== 0) throw new ExpressionEvaluatorError(`evaluator.py exited with ${status}: ${stderr.trim()}`);
  try {
    return JSON.parse(stdout) as T;
  } catch (error) {
    throw new ExpressionEvaluatorError(`evaluator.py answered no JSON: ${stdout.slice(0, 200)} ${stderr.trim()}`, { cause: error });
  }
}

function run<T>(request: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(python(), ["-I", SCRIPT], { stdio: ["pipe", "pipe", "pipe"], timeout: TIMEOUT_MS, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    let failed = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      failed = true;
      reject(
        error.code === "ENOENT"
          ? missingPython(error)
          : new ExpressionEvaluatorError(`evaluator.py failed: ${error.message}`, { cause: error }),
      );
    });
    child.on("close", (status, signal) => {
      if (failed) return;
      if (signal) return reject(new ExpressionEvaluatorError(`evaluator.py was stopped (${signal}) after ${TIMEOUT_MS} ms at most`));
      try {
        resolve(parseAnswer<T>(stdout, stderr, status));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify(request));
  });
}

function runSync<T>(request: unknown): T {
  const child = spawnSync(python(), ["-I", SCRIPT], {
    input: JSON.stringify(request),
    encoding: "utf8",
    timeout: TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  if (child.error) {
    const error = child.error as NodeJS.ErrnoException;
    if (error.code === "ENOENT") throw missingPython(error);
    throw new ExpressionEvaluatorError(`evaluator.py failed: ${error.message}`, { cause: error });
  }
  return parseAnswer<T>(child.stdout, child.stderr, child.status);
}

/**
 * PropertyMappingSerializer.validate_expression: the message of the ValidationError
 * (`Expression Syntax Error: …`), or null when the expression compiles. `filename` is the
 * evaluator's: the instance's name on update, "None" on create.
 */
export async function validateExpression(expression: string, filename: string): Promise<string | null> {
  const answer = await run<{ ok?: true; error?: string }>({ validate: expression, filename });
  return answer.error ?? null;
}

/** Evaluates the mappings in order for one context, as UserInfoView.get_claims does. */
export function evaluateMappings(mappings: ExpressionMapping[], context: EvaluationContext): Promise<EvaluationAnswer> {
  if (mappings.length === 0) return Promise.resolve({ results: [], claims: {}, logs: [] });
  return run<EvaluationAnswer>({ evaluate: mappings, context });
}

/** The same, blocking: for what must be known synchronously (seeded mappings' claim names). */
export function evaluateMappingsSync(mappings: ExpressionMapping[], context: EvaluationContext): EvaluationAnswer {
  if (mappings.length === 0) return { results: [], claims: {}, logs: [] };
  return runSync<EvaluationAnswer>({ evaluate: mappings, context });
}
