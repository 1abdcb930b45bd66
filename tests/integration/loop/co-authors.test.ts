// Two people prompting in one session: each prompt's commits are authored by its prompter,
// committed by the bot, and carry Co-authored-by trailers for the others who prompted before it —
// also when the create-pull-request tool pushes them before the prompt ends.
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db";
import { createLocalRepository, createUser, git, asActor } from "../../factories";
import { createSession } from "@/server/sessions/create-session";
import { sendPrompt, withSessionLoop, waitForMessage } from "../../support/session-loop";

const loop = withSessionLoop();

const commitFile = (name: string) => ({
  toolCalls: [
    {
      name: "bash",
      arguments: {
        command: `printf '${name}\\n' > ${name}.txt && git add ${name}.txt && git commit -q -m 'Add ${name}'`,
        description: `Commit ${name}`,
      },
    },
  ],
});

describe("commits in a session two people prompt in", () => {
  it("credits the earlier prompters as co-authors of each later prompt's commits", { timeout: 150_000 }, async () => {
    const ada = await createUser({ name: "Ada Lovelace" });
    const grace = await createUser({ name: "Grace Hopper" });
    const repository = await createLocalRepository(ada.id);
    const session = await createSession({ repositoryId: repository.id, actor: asActor(ada) });
    loop.model.script([
      commitFile("one"),
      { text: "One." },
      commitFile("two"),
      // Pushed mid-prompt by the pull request tool: the commit credits its co-author already.
      { toolCalls: [{ name: "create-pull-request", arguments: { title: "Two" } }] },
      { text: "Two." },
      commitFile("three"),
      { text: "Three." },
    ]);

    for (const [author, content] of [
      [ada, "First"],
      [grace, "Second"],
      [ada, "Third"],
    ] as const) {
      const message = await sendPrompt(session.id, author.id, content);
      expect((await waitForMessage(message.id, ["completed", "failed"])).status).toBe("completed");
    }

    const reviews = await getDb().event.findMany({ where: { sessionId: session.id, type: "pull_request" } });
    expect(reviews.map((event) => event.data)).toEqual([
      expect.objectContaining({ action: "created", onGithub: false, title: "Two" }),
    ]);
    const { externalId: origin } = await getDb().repository.findUniqueOrThrow({ where: { id: repository.id } });
    const log = git(
      origin,
      "log",
      "-3",
      "--reverse",
      "--format=%an|%cn|%s|%(trailers:key=Co-authored-by,valueonly,separator=;)",
      session.branch,
    );
    expect(log.split("\n")).toEqual([
      "Ada Lovelace|Nightshift|Add one|",
      `Grace Hopper|Nightshift|Add two|Ada Lovelace <${ada.email}>`,
      `Ada Lovelace|Nightshift|Add three|Grace Hopper <${grace.email}>`,
    ]);
  });
});
