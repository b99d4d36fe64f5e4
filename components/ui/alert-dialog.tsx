"use client";

import { cloneElement, createContext, lazy, Suspense, useContext, useId, useRef, type ReactElement, type RefObject } from "react";

/**
 * An alert dialog: Radix's (alert-dialog-panel.tsx), with its trigger on the page from the
 * start and the dialog's code loaded only when it is about to open (the pointer comes near
 * the trigger, or the trigger gets the focus; at the latest, the click). The trigger carries
 * what Radix's own does (aria-haspopup, aria-expanded, aria-controls) and gets the focus back
 * when the dialog closes.
 */
const loadPanel = () => import("./alert-dialog-panel");
const Panel = lazy(() => loadPanel().then((module) => ({ default: module.AlertDialogPanel })));

function preload() {
  void loadPanel();
}

interface Dialog {
  id: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: RefObject<HTMLButtonElement | null>;
}

const DialogContext = createContext<Dialog | null>(null);
const CancelContext = createContext<((button: React.ReactElement) => React.ReactNode) | null>(null);

function useDialog(part: string): Dialog {
  const dialog = useContext(DialogContext);
  if (!dialog) throw new Error(`${part} belongs in an AlertDialog`);
  return dialog;
}

export function AlertDialog({
  open,
  onOpenChange,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: React.ReactNode;
}) {
  const id = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  return <DialogContext.Provider value={{ id, open, onOpenChange, trigger }}>{children}</DialogContext.Provider>;
}

type ButtonElement = ReactElement<React.ButtonHTMLAttributes<HTMLButtonElement> & { ref?: React.Ref<HTMLButtonElement> }>;

/** Its one child, a button, opens the dialog. */
export function AlertDialogTrigger({ children }: { children: ButtonElement }) {
  const dialog = useDialog("AlertDialogTrigger");
  const own = children.props;
  return cloneElement(children, {
    ref: dialog.trigger,
    "aria-haspopup": "dialog",
    "aria-expanded": dialog.open,
    "aria-controls": dialog.open ? dialog.id : undefined,
    onPointerEnter: (event) => {
      own.onPointerEnter?.(event);
      preload();
    },
    onFocus: (event) => {
      own.onFocus?.(event);
      preload();
    },
    onClick: (event) => {
      own.onClick?.(event);
      if (!event.defaultPrevented) dialog.onOpenChange(!dialog.open);
    },
  });
}

export function AlertDialogContent({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  const dialog = useDialog("AlertDialogContent");
  if (!dialog.open) return null;
  return (
    <Suspense fallback={null}>
      <Panel id={dialog.id} onOpenChange={dialog.onOpenChange} returnFocusTo={dialog.trigger} title={title} description={description}>
        {(asCancel) => <CancelContext.Provider value={asCancel}>{children}</CancelContext.Provider>}
      </Panel>
    </Suspense>
  );
}

/** Its one child, a button, closes the dialog; it has the focus when the dialog opens. */
export function AlertDialogCancel({ children }: { children: ButtonElement }) {
  const asCancel = useContext(CancelContext);
  if (!asCancel) throw new Error("AlertDialogCancel belongs in an AlertDialogContent");
  return asCancel(children);
}
