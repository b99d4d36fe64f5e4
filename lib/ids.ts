import { z } from "zod";

/** Ids of the database's integer columns: positive int4. */
const INT4_MAX = 2_147_483_647;

/** An id from a URL or a form, or undefined for anything that cannot be one (so: "not found"). */
export function parseId(value: string | null | undefined): number | undefined {
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= INT4_MAX ? id : undefined;
}

/** A form's id field: a positive int4, so the database never sees a value out of its column's range. */
export const idField = () =>
  z.preprocess(
    (value) => (typeof value === "string" ? (parseId(value) ?? Number.NaN) : value),
    z
      .number({ error: "validation.notFound" })
      .int("validation.notFound")
      .positive("validation.notFound")
      .max(INT4_MAX, "validation.notFound"),
  );
