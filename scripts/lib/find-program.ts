// Finds a program the way a shell would: the first executable file of that name in PATH's
// directories. `npm test` and the end-to-end tests use it to find Debian's Chromium, so a PATH
// without `chromium` means no Chromium, as it would for a person typing `chromium`.
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";

export function findOnPath(name: string, pathVariable = process.env.PATH ?? ""): string | undefined {
  for (const dir of pathVariable.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Debian's Chromium: CHROMIUM_PATH when set (whether or not it exists), else `chromium` on PATH. */
export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return isExecutableFile(configured) ? configured : undefined;
  return findOnPath("chromium");
}

/** Where Chromium was looked for, for messages that say it is missing. */
export function chromiumSearchDescription(): string {
  return process.env.CHROMIUM_PATH ? `at CHROMIUM_PATH (${process.env.CHROMIUM_PATH})` : "on PATH";
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
