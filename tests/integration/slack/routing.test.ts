// Slack's routing as administrators set it and requests meet it: keyword rules and channel
// defaults through tRPC (administrators only, with clear refusals), and the order in which a new
// request's repository is chosen — named, keyword, channel, the only one the person can write to.
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { chooseRepository } from "@/server/integrations/slack/choose-repository";
import { administrator, asActor, createLocalRepository, createUser, randomKey } from "../../factories";

const channel = () => `C0${randomKey().toUpperCase()}`;

describe("Slack's routing settings", () => {
  it("are changed by administrators only, and refuse a taken keyword, a bad channel ID and an unknown repository", async () => {
    const admin = createCaller({ user: await administrator() });
    const person = await createUser();
    const someone = createCaller({ user: person });
    const repository = await createLocalRepository(person.id, { name: "gadgets" });
    const keyword = `Billing-${randomKey()}`;

    const added = await admin.slack.addRule({ keyword: `  ${keyword} `, repositoryId: repository.id });
    expect(added.rules).toContainEqual({
      id: expect.any(String),
      keyword: keyword.toLowerCase(),
      repository: { id: repository.id, owner: "local", name: repository.name },
    });
    await expect(
      admin.slack.addRule({ keyword: keyword.toUpperCase(), repositoryId: repository.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { fieldErrors: { keyword: [expect.stringContaining("has a rule already")] } },
    });
    await expect(admin.slack.addRule({ keyword: "", repositoryId: repository.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.slack.addRule({ keyword: "fine", repositoryId: "nope" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      cause: { fieldErrors: { repositoryId: [expect.any(String)] } },
    });
    await expect(someone.slack.addRule({ keyword: "mine", repositoryId: repository.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      admin.slack.setChannelDefault({ channel: "#general", repositoryId: repository.id }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });

    const where = channel();
    await admin.slack.setChannelDefault({ channel: where, repositoryId: repository.id });
    const seen = await someone.slack.routing();
    expect(seen.canChange).toBe(false);
    expect(seen.channelDefaults).toContainEqual({
      channel: where,
      repository: expect.objectContaining({ id: repository.id }),
    });
    await expect(someone.slack.removeChannelDefault({ channel: where })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await admin.slack.removeChannelDefault({ channel: where });
    await expect(admin.slack.removeChannelDefault({ channel: where })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const rule = added.rules.find((entry) => entry.keyword === keyword.toLowerCase())!;
    await admin.slack.removeRule({ id: rule.id });
    expect((await admin.slack.routing()).rules.map((entry) => entry.id)).not.toContain(rule.id);
  });
});

describe("a new request's repository", () => {
  it("is the one named, else a keyword's, else the channel's; two named or two keywords ask", async () => {
    const admin = createCaller({ user: await administrator() });
    const person = await createUser();
    const actor = asActor(person);
    const [named, ruled, other, channels] = await Promise.all(
      ["named", "ruled", "other", "channels"].map((name) =>
        createLocalRepository(person.id, { name: `${name}-${randomKey()}` }),
      ),
    );
    const keyword = `payments${randomKey()}`;
    const otherKeyword = `ledger${randomKey()}`;
    await admin.slack.addRule({ keyword, repositoryId: ruled!.id });
    await admin.slack.addRule({ keyword: otherKeyword, repositoryId: other!.id });
    const where = channel();
    await admin.slack.setChannelDefault({ channel: where, repositoryId: channels!.id });
    const choose = (text: string) => chooseRepository({ text, channel: where, actor });

    expect(await choose(`fix ${keyword} in LOCAL/${named!.name.toUpperCase()} please`)).toMatchObject({
      kind: "chosen",
      repository: { id: named!.id },
      why: "named in the message",
    });
    expect(await choose(`The ${keyword.toUpperCase()} page is broken.`)).toMatchObject({
      kind: "chosen",
      repository: { id: ruled!.id },
    });
    // Part of a longer word is not the keyword.
    expect(await choose(`the ${keyword}x page`)).toMatchObject({ kind: "chosen", repository: { id: channels!.id } });
    expect(await choose("something is broken")).toMatchObject({
      kind: "chosen",
      repository: { id: channels!.id },
      why: "this channel's repository",
    });
    const both = await choose(`${keyword} and ${otherKeyword} disagree`);
    expect(both.kind).toBe("unsure");
    expect(both.kind === "unsure" && both.candidates.map((candidate) => candidate.id).sort()).toEqual(
      [ruled!.id, other!.id].sort(),
    );
    expect(await choose(`local/${named!.name} vs local/${other!.name}`)).toMatchObject({ kind: "unsure" });
  });
});
