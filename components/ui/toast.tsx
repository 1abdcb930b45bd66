"use client";

import { useSyncExternalStore } from "react";
import { Toast as ToastPrimitive } from "radix-ui";
import { cn } from "./cn";
import { CloseIcon, cornerCloseClasses } from "./icons";

export type ToastVariant = "default" | "success" | "error";
export type ToastOptions = { title: string; description?: string; variant?: ToastVariant };
type ToastItem = ToastOptions & { id: number; open: boolean };

const TOAST_DURATION_MS = 5000;
const MAX_TOASTS = 5;
const REMOVE_DELAY_MS = 300;

// Module-level store so `toast()` can be called from anywhere on the client.
let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const EMPTY: ToastItem[] = [];

function emit() {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function getSnapshot() {
  return items;
}

function getServerSnapshot() {
  return EMPTY;
}

/** Queue a toast. Callable outside React components (client side only). Needs a mounted `<Toaster />`. */
export function toast(options: ToastOptions): void {
  items = [...items, { ...options, id: nextId++, open: true }].slice(-MAX_TOASTS);
  emit();
}

function dismiss(id: number) {
  items = items.map((item) => (item.id === id ? { ...item, open: false } : item));
  emit();
  setTimeout(() => {
    items = items.filter((item) => item.id !== id);
    emit();
  }, REMOVE_DELAY_MS);
}

export function useToast(): { toast: (options: ToastOptions) => void } {
  return { toast };
}

const variantClasses: Record<ToastVariant, string> = {
  default: "border-border",
  success: "border-border border-l-4 border-l-success",
  error: "border-border border-l-4 border-l-danger",
};

const titleClasses: Record<ToastVariant, string> = {
  default: "text-foreground",
  success: "text-success",
  error: "text-danger",
};

/** Mount once near the root of the app (client side). Renders queued toasts bottom-right. */
export function Toaster() {
  const queue = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  return (
    <ToastPrimitive.Provider duration={TOAST_DURATION_MS} swipeDirection="right">
      {queue.map((item) => {
        const variant = item.variant ?? "default";
        return (
          <ToastPrimitive.Root
            key={item.id}
            open={item.open}
            onOpenChange={(open) => {
              if (!open) dismiss(item.id);
            }}
            type={variant === "error" ? "foreground" : "background"}
            className={cn(
              "relative flex w-full items-start gap-3 rounded-md border bg-surface-raised p-4 pr-10 text-sm shadow-lg",
              "transition-[opacity,translate] duration-200 starting:translate-x-4 starting:opacity-0 motion-reduce:transition-none",
              "data-[swipe=move]:translate-x-[var(--radix-toast-swipe-move-x)] data-[swipe=cancel]:translate-x-0",
              variantClasses[variant],
            )}
          >
            <div className="flex min-w-0 flex-col gap-1">
              <ToastPrimitive.Title className={cn("font-medium", titleClasses[variant])}>
                {item.title}
              </ToastPrimitive.Title>
              {item.description ? (
                <ToastPrimitive.Description className="text-muted">{item.description}</ToastPrimitive.Description>
              ) : null}
            </div>
            <ToastPrimitive.Close aria-label="Dismiss" className={cn(cornerCloseClasses, "right-2 top-2 size-7")}>
              <CloseIcon size={14} />
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        );
      })}
      <ToastPrimitive.Viewport className="fixed bottom-0 right-0 z-[100] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
    </ToastPrimitive.Provider>
  );
}
