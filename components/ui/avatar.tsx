import { cn } from "./cn";

export type AvatarProps = { name: string; size?: "sm" | "md"; className?: string };

/** A person's initial in a circle. Decorative: show their name beside it. */
export function Avatar({ name, size = "md", className }: AvatarProps) {
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded-full bg-accent font-semibold text-accent-foreground",
        size === "sm" ? "size-5 text-[0.625rem]" : "size-7 text-xs",
        className,
      )}
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
