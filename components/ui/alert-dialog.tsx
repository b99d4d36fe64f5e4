"use client";

import * as AlertDialogPrimitive from "@radix-ui/react-alert-dialog";

/** Radix's alert dialog (focus trapped and restored, Escape closes), styled as shadcn/ui does. */
export const AlertDialog = AlertDialogPrimitive.Root;
export const AlertDialogTrigger = AlertDialogPrimitive.Trigger;
export const AlertDialogCancel = AlertDialogPrimitive.Cancel;
export const AlertDialogAction = AlertDialogPrimitive.Action;

export function AlertDialogContent({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <AlertDialogPrimitive.Portal>
      <AlertDialogPrimitive.Overlay className="fixed inset-0 z-40 bg-stone-900/50" />
      <AlertDialogPrimitive.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg bg-white p-6 shadow-lg focus:outline-none">
        <AlertDialogPrimitive.Title className="text-lg font-semibold">{title}</AlertDialogPrimitive.Title>
        {description ? (
          <AlertDialogPrimitive.Description className="text-sm text-stone-700">{description}</AlertDialogPrimitive.Description>
        ) : (
          <AlertDialogPrimitive.Description className="sr-only">{title}</AlertDialogPrimitive.Description>
        )}
        {children}
      </AlertDialogPrimitive.Content>
    </AlertDialogPrimitive.Portal>
  );
}
