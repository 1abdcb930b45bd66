"use client";

import type { ComponentProps, ReactElement, ReactNode } from "react";
import { Tooltip as TooltipPrimitive } from "radix-ui";
import { cn } from "./cn";

export function TooltipProvider({ delayDuration = 300, ...props }: ComponentProps<typeof TooltipPrimitive.Provider>) {
  return <TooltipPrimitive.Provider delayDuration={delayDuration} {...props} />;
}

export type TooltipProps = {
  content: ReactNode;
  /** A single element that can hold a ref (rendered via `asChild`), e.g. a Button. */
  children: ReactElement;
  side?: "top" | "right" | "bottom" | "left";
  className?: string;
};

/** Must be rendered inside a `TooltipProvider`. */
export function Tooltip({ content, children, side = "top", className }: TooltipProps) {
  return (
    <TooltipPrimitive.Root>
      <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
      <TooltipPrimitive.Portal>
        <TooltipPrimitive.Content
          side={side}
          sideOffset={6}
          className={cn(
            "z-50 max-w-xs rounded-md border border-border bg-surface-raised px-2 py-1 text-xs text-foreground shadow-md",
            "transition-opacity duration-100 starting:opacity-0 motion-reduce:transition-none",
            className,
          )}
        >
          {content}
        </TooltipPrimitive.Content>
      </TooltipPrimitive.Portal>
    </TooltipPrimitive.Root>
  );
}
