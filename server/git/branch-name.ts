// Whether a name can be a git branch: the rules of `git check-ref-format --branch` (see
// git-check-ref-format(1)), checked without running git so a form can use them too. One
// deliberate difference: "@" alone is refused, since git reads it as HEAD inside a repository.

const FORBIDDEN: Array<[pattern: RegExp, problem: string]> = [
  [/ /u, "cannot contain spaces"],
  [/[~^:?*[\\]/u, "cannot contain ~ ^ : ? * [ or \\"],
  [/\.\./u, "cannot contain “..”"],
  [/@\{/u, "cannot contain “@{”"],
];

/** Why `name` cannot be a branch name, as a sentence; undefined when it can. */
export function branchNameProblem(name: string): string | undefined {
  const problem = firstProblem(name);
  return problem ? `A branch name ${problem}.` : undefined;
}

function firstProblem(name: string): string | undefined {
  if (name === "") return "cannot be empty";
  if (name.startsWith("-")) return "cannot start with “-”";
  if (name === "HEAD" || name === "@") return `cannot be “${name}”`;
  // Control characters and DEL; other non-ASCII characters are allowed.
  if ([...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f))
    return "cannot contain control characters";
  for (const [pattern, problem] of FORBIDDEN) if (pattern.test(name)) return problem;
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//"))
    return "cannot start or end with “/” or contain “//”";
  const parts = name.split("/");
  if (parts.some((part) => part.startsWith("."))) return "cannot have a part (between slashes) that starts with “.”";
  if (parts.some((part) => part.endsWith(".lock")))
    return "cannot have a part (between slashes) that ends with “.lock”";
  if (name.endsWith(".")) return "cannot end with “.”";
  return undefined;
}
