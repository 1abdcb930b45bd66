// Services behind the session page: opening a session joins it; the files-changed panel compares
// the session branch with its base in the repository.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { joinSession } from "@/server/sessions/join-session";
import { sessionDiff } from "@/server/sessions/session-diff";
import { asActor, createSessionFor, createUser, git } from "../../factories";

describe("opening a session", () => {
  it("makes the reader a member once, and leaves its creator the owner", async () => {
    const owner = await createUser();
    const colleague = await createUser();
    const session = await createSessionFor(owner);
    await joinSession({ sessionId: session.id, actor: asActor(colleague) });
    await joinSession({ sessionId: session.id, actor: asActor(colleague) });
    await joinSession({ sessionId: session.id, actor: asActor(owner) });
    const participants = await getDb().sessionParticipant.findMany({
      where: { sessionId: session.id },
      orderBy: { joinedAt: "asc" },
    });
    expect(participants.map((participant) => [participant.userId, participant.role])).toEqual([
      [owner.id, "owner"],
      [colleague.id, "member"],
    ]);
  });
});

describe("what a session changed", () => {
  it("is nothing until its branch exists, then the files and patch of the branch against its base", async () => {
    const user = await createUser();
    const session = await createSessionFor(user);
    expect(await sessionDiff({ sessionId: session.id, actor: asActor(user) })).toEqual({
      files: [],
      patch: "",
      isTruncated: false,
    });

    const { externalId: repo } = await getDb().repository.findFirstOrThrow({
      where: { sessions: { some: { id: session.id } } },
    });
    git(repo, "checkout", "-q", "-b", session.branch);
    writeFileSync(path.join(repo, "hello.txt"), "hi\n");
    writeFileSync(path.join(repo, "file-0.txt"), "changed\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "work");
    git(repo, "checkout", "-q", session.baseBranch);

    const diff = await sessionDiff({ sessionId: session.id, actor: asActor(user) });
    expect(diff.files).toEqual([
      { path: "file-0.txt", additions: 1, deletions: 1 },
      { path: "hello.txt", additions: 1, deletions: 0 },
    ]);
    expect(diff.patch).toContain("+hi");
    expect(diff.isTruncated).toBe(false);
  });
});
