import { message, type Message } from "@/lib/i18n/message";
import { inEnglish } from "@/lib/i18n/translate";

/**
 * Errors a service verb throws on purpose; the action factory renders their text in the
 * reader's language. `message` is the English text, for logs and tests.
 */
export class DomainError extends Error {
  constructor(
    readonly text: Message,
    /** The form field the message belongs next to, if any. */
    readonly field?: string,
  ) {
    super(inEnglish(text));
    this.name = new.target.name;
  }
}

/** Also what an outsider gets for something that exists but is not theirs. */
export class NotFoundError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class ConflictError extends DomainError {}
export class LimitExceededError extends DomainError {}

export class ValidationError extends DomainError {
  constructor(readonly fieldErrors: Record<string, Message[]>) {
    super(message("errors.fieldsNeedAttention"));
  }
}
