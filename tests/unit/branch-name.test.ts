// The branch name check agrees with git itself: every name is also put to
// `git check-ref-format --branch`, which must accept exactly the names the check accepts.
import { execFileSync } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { branchNameProblem } from "@/server/git/branch-name";

function gitAccepts(name: string): boolean {
  try {
    execFileSync("git", ["check-ref-format", "--branch", name], { cwd: os.tmpdir(), stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const VALID = [
  "main",
  "feature/login",
  "release/1.0",
  "a.b",
  "a./b",
  "x.lock.y",
  "user@host",
  "{",
  "ünïcode",
  "déjà-vu/ß",
  "a_b-c+d=e,f!",
  "x/y/z",
];
const INVALID: Record<string, string> = {
  "": "A branch name cannot be empty.",
  "fix login": "A branch name cannot contain spaces.",
  "tab\there": "A branch name cannot contain control characters.",
  "bell\u0007": "A branch name cannot contain control characters.",
  "del\u007f": "A branch name cannot contain control characters.",
  "-force": "A branch name cannot start with “-”.",
  HEAD: "A branch name cannot be “HEAD”.",
  "a..b": "A branch name cannot contain “..”.",
  "a@{1}": "A branch name cannot contain “@{”.",
  "@{": "A branch name cannot contain “@{”.",
  "a~1": "A branch name cannot contain ~ ^ : ? * [ or \\.",
  "a^": "A branch name cannot contain ~ ^ : ? * [ or \\.",
  "a:b": "A branch name cannot contain ~ ^ : ? * [ or \\.",
  "what?": "A branch name cannot contain ~ ^ : ? * [ or \\.",
  "glob*": "A branch name cannot contain ~ ^ : ? * [ or \\.",
  "a[0]": "A branch name cannot contain ~ ^ : ? * [ or \\.",
  "back\\slash": "A branch name cannot contain ~ ^ : ? * [ or \\.",
  "/leading": "A branch name cannot start or end with “/” or contain “//”.",
  "trailing/": "A branch name cannot start or end with “/” or contain “//”.",
  "a//b": "A branch name cannot start or end with “/” or contain “//”.",
  ".hidden": "A branch name cannot have a part (between slashes) that starts with “.”.",
  "feature/.hidden": "A branch name cannot have a part (between slashes) that starts with “.”.",
  "x.lock": "A branch name cannot have a part (between slashes) that ends with “.lock”.",
  "a/x.lock/b": "A branch name cannot have a part (between slashes) that ends with “.lock”.",
  "ends.": "A branch name cannot end with “.”.",
};

describe("branch names", () => {
  it("accepts the names git accepts", () => {
    for (const name of VALID) {
      expect(branchNameProblem(name), name).toBeUndefined();
      expect(gitAccepts(name), `git should accept ${name}`).toBe(true);
    }
  });

  it("refuses the names git refuses, saying why", () => {
    for (const [name, problem] of Object.entries(INVALID)) {
      expect(branchNameProblem(name), JSON.stringify(name)).toBe(problem);
      expect(gitAccepts(name), `git should refuse ${JSON.stringify(name)}`).toBe(false);
    }
  });

  it("refuses “@” alone, which git takes for HEAD inside a repository", () => {
    expect(branchNameProblem("@")).toBe("A branch name cannot be “@”.");
  });
});
