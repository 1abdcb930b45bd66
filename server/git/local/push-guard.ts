// What a sandbox may push to its session's local repository: its session's branch, and nothing
// else — not the default branch, not another session's, no deletion — and its session's work
// checkpoint ref (which it may also delete; docs/sessions.md#checkpoints). Enforced by git itself, with
// a pre-receive hook of Nightshift's own: http-backend's receive-pack runs with core.hooksPath
// pointing at the directory this writes (under the data directory), so the hook sees every ref
// the push would change before any is changed, and the repository's own hooks never run for a
// sandbox's push. The hook reads the branch it allows from NIGHTSHIFT_PUSH_REF (unset, it allows
// nothing) and the checkpoint ref from NIGHTSHIFT_CHECKPOINT_REF. docs/decisions.md.
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

export const PUSH_REF_VARIABLE = "NIGHTSHIFT_PUSH_REF";
export const CHECKPOINT_REF_VARIABLE = "NIGHTSHIFT_CHECKPOINT_REF";

const PRE_RECEIVE = `#!/bin/sh
# Written by Nightshift (server/git/local/push-guard.ts): a sandbox may push to its session's
# branch alone, and delete nothing, and update or delete its session's checkpoint ref. Each line
# on stdin: <old> <new> <ref>.
allowed="\${${PUSH_REF_VARIABLE}:-}"
checkpoint="\${${CHECKPOINT_REF_VARIABLE}:-}"
refused=0
while read -r old new ref; do
  if [ -n "$checkpoint" ] && [ "$ref" = "$checkpoint" ]; then
    continue
  elif [ -z "$allowed" ] || [ "$ref" != "$allowed" ]; then
    echo "Nightshift: this sandbox may push only to \${allowed#refs/heads/}, not to \${ref#refs/heads/}." >&2
    refused=1
  else
    case "$new" in
      *[!0]*) ;;
      *) echo "Nightshift: a sandbox may not delete \${ref#refs/heads/}." >&2; refused=1 ;;
    esac
  fi
done
exit $refused
`;

/**
 * The hooks directory for a sandbox's git requests, with the pre-receive hook in place and
 * intact: checked at every request, since a directory without it would let any push through.
 */
export async function pushGuardHooksDir(dataDir: string): Promise<string> {
  const dir = path.resolve(dataDir, "git-hooks");
  const hook = path.join(dir, "pre-receive");
  const [content, stats] = await Promise.all([readFile(hook, "utf8").catch(() => null), stat(hook).catch(() => null)]);
  if (content === PRE_RECEIVE && stats && (stats.mode & 0o111) === 0o111) return dir;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Written aside and renamed into place, so a concurrent request never runs half a hook.
  const staged = `${hook}.${process.pid}.${Date.now()}`;
  await writeFile(staged, PRE_RECEIVE, { mode: 0o755 });
  await chmod(staged, 0o755);
  await rename(staged, hook);
  return dir;
}
