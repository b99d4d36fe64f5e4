import type { ZodError } from "zod";

/**
 * An error answered the way Immich 3.x answers it: the body is `{ message }` (plus `errors` for a
 * validation failure) and nothing else. Immich 3 dropped `error`, `statusCode` and `correlationId`
 * from error bodies (PRs #28139 and #28140); the correlation id travels in `X-Correlation-ID`.
 */
export class ImmichHttpError extends Error {
  /** Headers the answer carries besides the body (a failed OAuth callback still clears its cookies). */
  readonly headers: Record<string, string | string[]> = {};

  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get body(): Record<string, unknown> {
    return { message: this.message, ...this.extra };
  }
}

export const badRequest = (message: string) => new ImmichHttpError(400, message);
export const unauthorized = (message: string) => new ImmichHttpError(401, message);
export const forbidden = (message: string) => new ImmichHttpError(403, message);
/** BaseService.requireAccess's refusal when the caller may not touch the ids it named. */
export const noAccess = (permission: string) => badRequest(`Not found or no ${permission} access`);

/** server/src/middleware/global-exception.filter.ts: a Zod validation failure lists the issues. */
export function validationFailed(error: ZodError): ImmichHttpError {
  return new ImmichHttpError(400, "Validation failed", { errors: error.issues });
}

/** NestJS's answer for a route that does not exist, with the filter's cleanup applied. */
export function routeNotFound(method: string, pathWithQuery: string): ImmichHttpError {
  return new ImmichHttpError(404, `Cannot ${method} ${pathWithQuery}`);
}

/** A database constraint the fake enforces (unique e-mail, unique storage label): Immich answers 500. */
export class ConstraintViolation extends Error {}
