import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import type { CurrentUser } from "@/server/users/get-user";
import { createLocalRepository, createUser } from "../../factories";
import { refusal } from "../../support/refusal";

let ada: CurrentUser;
beforeAll(async () => {
  ada = await createUser({ name: "Ada" });
});

describe("creating a session", () => {
  it("opens it on the repository's default branch, with its own working branch, its creator as owner", async () => {
    const repository = await createLocalRepository(ada.id, { branch: "trunk" });
    const caller = createCaller({ user: ada });

    const session = await caller.session.create({ repositoryId: repository.id });

    expect(session).toMatchObject({
      status: "created",
      baseBranch: "trunk",
      branch: `nightshift/${session.id}`,
      model: "custom/fake-coder",
    });
    expect(session.repository.id).toBe(repository.id);
    const snapshot = await caller.session.get({ sessionId: session.id });
    expect(snapshot.participants.map((participant) => [participant.user.id, participant.role])).toEqual([
      [ada.id, "owner"],
    ]);
    expect(snapshot.timeline).toEqual({ events: [], lastSeq: 0, hasEarlier: false });
  });

  it("queues a first prompt with the session, which makes it active", async () => {
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });

    const session = await caller.session.create({ repositoryId: repository.id, prompt: { content: "Add a README" } });

    expect(session.status).toBe("active");
    const { messages } = await caller.session.get({ sessionId: session.id });
    expect(messages).toMatchObject([
      { content: "Add a README", status: "pending", source: "web", author: { id: ada.id } },
    ]);
  });

  it("opens one session for a retried request, even two at once, and refuses the id with another prompt", async () => {
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    const request = {
      repositoryId: repository.id,
      prompt: { content: "Add a changelog", clientRequestId: `retry-${repository.id}` },
    };

    const [first, concurrent] = await Promise.all([caller.session.create(request), caller.session.create(request)]);
    const retried = await caller.session.create(request);
    expect(new Set([first.id, concurrent.id, retried.id]).size).toBe(1);
    expect((await caller.session.list({ repositoryId: repository.id })).sessions).toHaveLength(1);
    expect((await caller.session.get({ sessionId: first.id })).messages).toHaveLength(1);

    const other = await refusal(
      caller.session.create({ ...request, prompt: { ...request.prompt, content: "Something else" } }),
    );
    expect(other).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { clientRequestId: ["This client request id already opened a session with a different prompt."] },
    });
  });

  it("refuses a branch the repository does not have, a provider that is not configured, and an unknown repository", async () => {
    const repository = await createLocalRepository(ada.id, { name: "widgets" });
    const caller = createCaller({ user: ada });

    const noBranch = await refusal(caller.session.create({ repositoryId: repository.id, baseBranch: "nope" }));
    expect(noBranch.fieldErrors?.baseBranch).toEqual(["widgets has no branch nope."]);
    const noProvider = await refusal(
      caller.session.create({ repositoryId: repository.id, model: "anthropic/claude-sonnet-4-5" }),
    );
    expect(noProvider.fieldErrors?.model).toEqual([
      "Claude Sonnet 4.5 cannot be used: Anthropic has no API key: add ANTHROPIC_API_KEY as a global secret (on the Secrets page) or set it in Nightshift's environment.",
    ]);
    const noRepository = await refusal(caller.session.create({ repositoryId: "missing" }));
    expect(noRepository.code).toBe("NOT_FOUND");
    expect((await caller.session.list({ repositoryId: repository.id })).sessions).toEqual([]);
  });

  it("keeps a repository with sessions from being removed, saying why", async () => {
    const repository = await createLocalRepository(ada.id);
    const caller = createCaller({ user: ada });
    await caller.session.create({ repositoryId: repository.id });

    const refused = await refusal(caller.repository.remove({ id: repository.id }));

    expect(refused).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "This repository has 1 session; it cannot be removed while they exist.",
    });
  });
});
