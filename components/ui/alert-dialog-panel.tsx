"use client";

import * as AlertDialogPrimitive from "@radix-ui/react-alert-dialog";

/**
 * Radix's alert dialog (focus trapped and restored, Escape closes, the rest of the page hidden
 * from assistive technology), styled as shadcn/ui does. `alert-dialog.tsx` loads it only when
 * a dialog is about to open, and mounts it while the dialog is open: Radix is about 13 kB of
 * gzipped JavaScript that no page needs before then.
 */
export function AlertDialogPanel({
  id,
  onOpenChange,
  returnFocusTo,
  title,
  description,
  children,
}: {
  id: string;
  onOpenChange: (open: boolean) => void;
  returnFocusTo: React.RefObject<HTMLElement | null>;
  title: string;
  description?: string;
  /** The content below the description, given a way to make a button Radix's cancel button (it gets the focus when the dialog opens). */
  children: (asCancel: typeof asCancelButton) => React.ReactNode;
}) {
  return (
    <AlertDialogPrimitive.Root open onOpenChange={onOpenChange}>
      <AlertDialogPrimitive.Portal>
        <AlertDialogPrimitive.Overlay className="fixed inset-0 z-40 bg-stone-900/50" />
        <AlertDialogPrimitive.Content
          id={id}
          // What Radix's own trigger does: the focus goes back to the button that opened the dialog.
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocusTo.current?.focus();
          }}
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg bg-white p-6 shadow-lg focus:outline-none"
        >
          <AlertDialogPrimitive.Title className="text-lg font-semibold">{title}</AlertDialogPrimitive.Title>
          {description ? (
            <AlertDialogPrimitive.Description className="text-sm text-stone-700">{description}</AlertDialogPrimitive.Description>
          ) : (
            <AlertDialogPrimitive.Description className="sr-only">{title}</AlertDialogPrimitive.Description>
          )}
          {children(asCancelButton)}
        </AlertDialogPrimitive.Content>
      </AlertDialogPrimitive.Portal>
    </AlertDialogPrimitive.Root>
  );
}

function asCancelButton(button: React.ReactElement) {
  return <AlertDialogPrimitive.Cancel asChild>{button}</AlertDialogPrimitive.Cancel>;
}
