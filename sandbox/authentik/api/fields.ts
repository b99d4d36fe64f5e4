import { MESSAGES, validationError, type FieldErrors } from "./errors";
import { canonicalUuid, isUuid } from "./format";

type Json = Record<string, unknown>;

interface FieldOptions {
  required?: boolean;
  allowNull?: boolean;
}

interface StringOptions extends FieldOptions {
  allowBlank?: boolean;
  maxLength?: number;
  pattern?: RegExp;
  patternMessage?: string;
}

/**
 * Reads a request body the way a DRF serializer does: per-field errors collected into
 * `{field: [message]}`, missing fields skipped on PATCH (partial), required ones reported otherwise.
 * Each reader returns `undefined` when the field is absent or invalid.
 */
export class BodyReader {
  readonly errors: FieldErrors = {};

  constructor(
    readonly data: Json,
    readonly partial = false,
  ) {}

  static from(body: unknown, partial = false): BodyReader {
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw validationError({ non_field_errors: [MESSAGES.invalidBody(body)] });
    }
    return new BodyReader(body as Json, partial);
  }

  has(key: string): boolean {
    return Object.hasOwn(this.data, key);
  }

  fail(key: string, message: string | unknown[] | Json): undefined {
    this.errors[key] ??= [];
    const list = this.errors[key];
    if (Array.isArray(list) && typeof message === "string") list.push(message);
    else this.errors[key] = message;
    return undefined;
  }

  get valid(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfInvalid(): void {
    if (!this.valid) throw validationError(this.errors);
  }

  /** Presence, `required` and `null` checks shared by every field type; `skip` means "no value to read". */
  private present(key: string, options: FieldOptions): { skip: true; value?: null } | { skip: false; value: unknown } {
    if (!this.has(key)) {
      if (options.required && !this.partial) this.fail(key, MESSAGES.required);
      return { skip: true };
    }
    const value = this.data[key];
    if (value === null) {
      if (options.allowNull) return { skip: true, value: null };
      this.fail(key, MESSAGES.null);
      return { skip: true };
    }
    return { skip: false, value };
  }

  string(key: string, options: StringOptions = {}): string | null | undefined {
    const found = this.present(key, options);
    if (found.skip) return found.value;
    const raw = found.value;
    if (typeof raw !== "string" && typeof raw !== "number") return this.fail(key, MESSAGES.string);
    const value = String(raw).trim();
    if (value === "" && !options.allowBlank) return this.fail(key, MESSAGES.blank);
    if (options.maxLength !== undefined && value.length > options.maxLength) return this.fail(key, MESSAGES.maxLength(options.maxLength));
    if (options.pattern && value !== "" && !options.pattern.test(value)) return this.fail(key, options.patternMessage ?? MESSAGES.string);
    return value;
  }

  email(key: string, options: FieldOptions & { maxLength?: number } = {}): string | undefined {
    const value = this.string(key, { ...options, allowBlank: true });
    if (value === undefined || value === null || value === "") return value ?? undefined;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return this.fail(key, MESSAGES.email);
    return value;
  }

  boolean(key: string, options: FieldOptions = {}): boolean | undefined {
    const found = this.present(key, options);
    if (found.skip) return undefined;
    const value = found.value;
    if ([true, 1, "true", "True", "TRUE", "1", "yes", "on", "y"].includes(value as never)) return true;
    if ([false, 0, "false", "False", "FALSE", "0", "no", "off", "n"].includes(value as never)) return false;
    return this.fail(key, MESSAGES.boolean);
  }

  integer(key: string, options: FieldOptions = {}): number | undefined {
    const found = this.present(key, options);
    if (found.skip) return undefined;
    const value = found.value;
    if (typeof value === "number" && Number.isInteger(value)) return value;
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
    return this.fail(key, MESSAGES.integer);
  }

  /** authentik's JSONDictField: any JSON, validated to be an object. */
  dict(key: string, options: FieldOptions = {}): Record<string, unknown> | undefined {
    const found = this.present(key, options);
    if (found.skip) return undefined;
    const value = found.value;
    if (typeof value !== "object" || Array.isArray(value)) return this.fail(key, MESSAGES.dict);
    return value as Record<string, unknown>;
  }

  datetime(key: string, options: FieldOptions = {}): Date | null | undefined {
    const found = this.present(key, options);
    if (found.skip) return found.value;
    const value = found.value;
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) {
      return this.fail(key, MESSAGES.datetime);
    }
    const date = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(date.getTime())) return this.fail(key, MESSAGES.datetime);
    return date;
  }

  uuid(key: string, options: FieldOptions = {}): string | null | undefined {
    const found = this.present(key, options);
    if (found.skip) return found.value;
    const value = found.value;
    if (typeof value !== "string" || !isUuid(value)) return this.fail(key, MESSAGES.uuid);
    return canonicalUuid(value);
  }

  choice<T extends string>(key: string, choices: readonly T[], options: FieldOptions = {}): T | undefined {
    const found = this.present(key, options);
    if (found.skip) return undefined;
    const value = found.value;
    if (!choices.includes(value as T)) return this.fail(key, MESSAGES.choice(value));
    return value as T;
  }

  /** A PrimaryKeyRelatedField to a model with a UUID primary key; `""` counts as null (DRF's RelatedField). */
  relatedUuid(key: string, exists: (pk: string) => boolean, options: FieldOptions = {}): string | null | undefined {
    const found = this.present(key, options);
    if (found.skip) return found.value;
    if (found.value === "") return options.allowNull ? null : this.fail(key, MESSAGES.null);
    return this.checkUuidPk(key, found.value, exists);
  }

  /** A many=True PrimaryKeyRelatedField to a model with a UUID primary key. */
  relatedUuids(key: string, exists: (pk: string) => boolean, options: FieldOptions = {}): string[] | undefined {
    const items = this.list(key, options);
    if (!items) return undefined;
    const pks: string[] = [];
    for (const item of items) {
      const pk = this.checkUuidPk(key, item, exists);
      if (pk === undefined) return undefined;
      pks.push(pk);
    }
    return pks;
  }

  /** A PrimaryKeyRelatedField to a model with an integer primary key; `""` counts as null (DRF's RelatedField). */
  relatedInt(key: string, exists: (pk: number) => boolean, options: FieldOptions = {}): number | null | undefined {
    const found = this.present(key, options);
    if (found.skip) return found.value;
    if (found.value === "") return options.allowNull ? null : this.fail(key, MESSAGES.null);
    return this.checkIntPk(key, found.value, exists);
  }

  /** A many=True PrimaryKeyRelatedField to a model with an integer primary key. */
  relatedInts(key: string, exists: (pk: number) => boolean, options: FieldOptions = {}): number[] | undefined {
    const items = this.list(key, options);
    if (!items) return undefined;
    const pks: number[] = [];
    for (const item of items) {
      const pk = this.checkIntPk(key, item, exists);
      if (pk === undefined) return undefined;
      pks.push(pk);
    }
    return pks;
  }

  list(key: string, options: FieldOptions = {}): unknown[] | undefined {
    const found = this.present(key, options);
    if (found.skip) return undefined;
    if (!Array.isArray(found.value)) return this.fail(key, MESSAGES.list(found.value));
    return found.value;
  }

  private checkIntPk(key: string, value: unknown, exists: (pk: number) => boolean): number | undefined {
    if (typeof value === "boolean" || (typeof value !== "number" && typeof value !== "string"))
      return this.fail(key, MESSAGES.incorrectType(value));
    const pk = Number(value);
    if (!Number.isInteger(pk) || (typeof value === "string" && !/^\s*-?\d+\s*$/.test(value)))
      return this.fail(key, MESSAGES.incorrectType(value));
    if (!exists(pk)) return this.fail(key, MESSAGES.doesNotExist(value));
    return pk;
  }

  private checkUuidPk(key: string, value: unknown, exists: (pk: string) => boolean): string | undefined {
    if (typeof value === "boolean" || (typeof value !== "string" && typeof value !== "number"))
      return this.fail(key, MESSAGES.incorrectType(value));
    // Django's UUIDField raises its own ValidationError before the lookup.
    if (!isUuid(String(value))) return this.fail(key, MESSAGES.invalidUuidValue(value));
    const pk = canonicalUuid(String(value));
    if (!exists(pk)) return this.fail(key, MESSAGES.doesNotExist(value));
    return pk;
  }
}
