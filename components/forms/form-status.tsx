import type { ActionState } from "@/lib/actions/action-state";

/**
 * A form's answer. The polite live region is always in the page, so screen readers announce
 * the success written into it; an error is an alert, announced as it appears.
 */
export function FormStatus({ state }: { state: ActionState }) {
  return (
    <>
      <div role="status" aria-live="polite">
        {state.ok && state.message ? <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">{state.message}</p> : null}
      </div>
      {state.error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
    </>
  );
}
