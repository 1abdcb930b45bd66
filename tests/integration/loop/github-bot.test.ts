// The GitHub bot's whole round trip: a signed webhook delivery mentions the bot in an issue; the
// bot reacts, starts a session for the commenter, the real OpenCode in a real sandbox does the
// work (the scripted fake model asks for a commit and a pull request), and the answer comes back
// to the issue with a link to the session. Against the fake GitHub.
import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/github/route";
import { getDb } from "@/server/db";
import { git } from "../../factories";
import issueComment from "../../fixtures/github/webhook-issue-comment-created.json";
import { installedRepository, TEST_APP, withFakeGithubApp } from "../../support/github-app";
import { until, withSessionLoop } from "../../support/session-loop";

const fake = withFakeGithubApp();
const loop = withSessionLoop();

function deliver(event: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", TEST_APP.webhookSecret).update(body).digest("hex")}`;
  return POST(
    new Request("http://localhost/api/webhooks/github", {
      method: "POST",
      headers: {
        "x-github-event": event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signature,
        "content-type": "application/json",
      },
      body,
    }),
  );
}

describe("the GitHub bot, end to end", () => {
  it(
    "answers a mention in an issue: 👀, a session, a pull request, and the reply with a link",
    { timeout: 180_000 },
    async () => {
      const { github } = fake;
      const {
        gitDir: bare,
        githubId,
        repository,
      } = await installedRepository(github, {
        owner: "acme",
        name: "engine",
        collaborators: { "grace-gh": "write" },
        git: {},
      });
      const payload = structuredClone(issueComment);
      Object.assign(payload.repository, { id: githubId, name: repository.name, full_name: `acme/${repository.name}` });

      loop.model.script([
        {
          toolCalls: [
            {
              name: "bash",
              arguments: {
                command: "printf 'hello\\n' > hello.txt && git add hello.txt && git commit -q -m 'Add hello.txt'",
                description: "Commit",
              },
            },
          ],
        },
        { toolCalls: [{ name: "create-pull-request", arguments: { title: "Add hello.txt", body: "Closes #7." } }] },
        { text: "I added hello.txt and opened a pull request." },
      ]);
      const response = await deliver("issue_comment", payload);
      expect(await response.json()).toEqual({ status: "handled", detail: "the bot was called (issue_comment) on #7" });

      const reply = await until(
        "the reply",
        () => github.activity.find((entry) => entry.kind === "comment" && entry.number === 7),
        120_000,
      );
      expect(github.activity[0]).toMatchObject({ kind: "reaction", content: "eyes", commentId: 3001 });
      expect(reply.by).toBe(`${TEST_APP.slug}[bot]`);
      expect(reply.content).toMatch(
        /^I added hello\.txt and opened a pull request\.\n\n---\n\[Open the session in Nightshift\]\(http:\/\/127\.0\.0\.1:\d+\/sessions\/(\w+)\)$/,
      );
      const sessionId = /\/sessions\/(\w+)\)$/.exec(reply.content)![1]!;

      // The session is the commenter's, its prompt marked as from GitHub and wrapping their words.
      const session = await getDb().session.findUniqueOrThrow({
        where: { id: sessionId },
        include: { messages: { include: { author: true } } },
      });
      expect(session.title).toBe("#7 Greet people");
      expect(session.messages).toHaveLength(1);
      expect(session.messages[0]).toMatchObject({
        source: "github",
        status: "completed",
        author: { githubLogin: "grace-gh" },
      });
      expect(session.messages[0]!.content).toContain(
        '<untrusted-content source="comment by @grace-gh">\n@nightshift-test please add hello.txt\n</untrusted-content>',
      );

      // The work: the commit on the session branch, authored by the commenter's GitHub noreply address, and a pull request the App opened for them.
      expect(git(bare, "log", "-1", "--format=%an <%ae>", session.branch)).toBe(
        "grace-gh <1906+grace-gh@users.noreply.github.com>",
      );
      expect(github.pullRequests).toEqual([
        expect.objectContaining({
          head: session.branch,
          openedBy: `${TEST_APP.slug}[bot]`,
          body: expect.stringContaining("Requested by grace-gh in Nightshift."),
        }),
      ]);
      // A later mention in the issue continues the same session.
      expect(await getDb().githubThread.findMany({ where: { sessionId } })).toEqual([
        expect.objectContaining({ number: 7 }),
      ]);
    },
  );
});
