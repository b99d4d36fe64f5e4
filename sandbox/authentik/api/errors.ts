/**
 * Errors as Django REST Framework renders them for Authentik: `{detail}` for 403/404/405,
 * `{field: [message]}` for validation (authentik keeps DRF's default exception handler).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = "ApiError";
  }
}

/** Django's `get_object_or_404` on a well-formed lookup that matched nothing. */
export function notFoundFor(objectName: string): ApiError {
  return new ApiError(404, { detail: `No ${objectName} matches the given query.` });
}

/** A bare `Http404` (malformed lookup value, or `raise Http404` in a view). */
export function notFound(): ApiError {
  return new ApiError(404, { detail: "Not found." });
}

export type FieldErrors = Record<string, unknown>;

export function validationError(errors: FieldErrors | unknown[]): ApiError {
  return new ApiError(400, errors);
}

/** `raise ValidationError({"non_field_errors": "..."})` in a view. */
export function nonFieldError(message: string): ApiError {
  return validationError({ non_field_errors: [message] });
}

export const MESSAGES = {
  required: "This field is required.",
  null: "This field may not be null.",
  blank: "This field may not be blank.",
  string: "Not a valid string.",
  boolean: "Must be a valid boolean.",
  integer: "A valid integer is required.",
  uuid: "Must be a valid UUID.",
  email: "Enter a valid email address.",
  dict: "Value must be a dictionary, and not have any duplicate keys.",
  datetime: "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
  unique: "This field must be unique.",
  slug: "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
  maxLength: (max: number) => `Ensure this field has no more than ${max} characters.`,
  choice: (value: unknown) => `"${String(value)}" is not a valid choice.`,
  list: (value: unknown) => `Expected a list of items but got type "${pythonType(value)}".`,
  doesNotExist: (pk: unknown) => `Invalid pk "${String(pk)}" - object does not exist.`,
  incorrectType: (value: unknown) => `Incorrect type. Expected pk value, received ${pythonType(value)}.`,
  invalidUuidValue: (value: unknown) => `“${String(value)}” is not a valid UUID.`,
  invalidBody: (value: unknown) => `Invalid data. Expected a dictionary, but got ${pythonType(value)}.`,
  uniqueModel: (model: string, field: string) => `${model} with this ${field} already exists.`,
};

/** The Python type name DRF puts into its messages for a JSON value. */
export function pythonType(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}
