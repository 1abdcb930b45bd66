/** Joins class names, skipping falsy values. No conflict resolution: later classes do not override earlier ones. */
export function cn(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}
