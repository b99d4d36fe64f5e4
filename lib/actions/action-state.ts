/** What every server action returns to its form (useActionState). */
export interface ActionState {
  ok?: boolean;
  /** Success message. */
  message?: string;
  /** Form-level error. */
  error?: string;
  /** Every field's messages, not only the first field's. */
  fieldErrors?: Record<string, string[]>;
  /** Submitted values to show again after an error (never secrets). */
  values?: Record<string, string>;
}

export const initialActionState: ActionState = {};
