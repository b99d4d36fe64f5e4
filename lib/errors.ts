/** Errors a service verb throws on purpose; the action factory turns them into messages. */
export class DomainError extends Error {
  constructor(
    message: string,
    /** The form field the message belongs next to, if any. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Also what an outsider gets for something that exists but is not theirs. */
export class NotFoundError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class ConflictError extends DomainError {}
export class LimitExceededError extends DomainError {}

export class ValidationError extends DomainError {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super("Some fields need attention.");
  }
}
