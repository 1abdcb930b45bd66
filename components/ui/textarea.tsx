"use client";

import type { ComponentProps } from "react";
import { cn } from "./cn";
import { textControlClasses } from "./input";

/** Multi-line text input; inside a `Field`, spread `fieldControlProps(...)` onto it like an `Input`. */
export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(textControlClasses, "flex min-h-32 py-2", className)} {...props} />;
}
