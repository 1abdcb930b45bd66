import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createLocalRepository, createUser, randomKey } from "../../factories";
import { refusal } from "../../support/refusal";

/** Ada and Grace, each with a caller, and one repository of their own for this test. */
async function setup(repositoryName?: string) {
  const ada = await createUser({ name: "Ada" });
  const grace = await createUser({ name: "Grace" });
  const repository = await createLocalRepository(ada.id, { name: repositoryName });
  const asAda = createCaller({ user: ada });
  const asGrace = createCaller({ user: grace });
  return { ada, grace, repository, asAda, asGrace };
}

const titles = (page: { sessions: Array<{ title: string | null }> }) => page.sessions.map((session) => session.title);

describe("listing sessions", () => {
  it("lists mine: the sessions I started and those I take part in, newest first", async () => {
    const { repository, asAda, asGrace } = await setup();
    const repositoryId = repository.id;
    await asAda.session.create({ repositoryId, title: "Ada's own" });
    await asGrace.session.create({ repositoryId, title: "Grace's own" });
    const joined = await asGrace.session.create({ repositoryId, title: "Grace's, Ada prompted" });
    await asAda.session.prompt({ sessionId: joined.id, content: "Also update the docs" });

    expect(titles(await asAda.session.list({ repositoryId, mine: true }))).toEqual([
      "Grace's, Ada prompted",
      "Ada's own",
    ]);
    expect(titles(await asGrace.session.list({ repositoryId, mine: true }))).toEqual([
      "Grace's, Ada prompted",
      "Grace's own",
    ]);
    expect(titles(await asAda.session.list({ repositoryId }))).toEqual([
      "Grace's, Ada prompted",
      "Grace's own",
      "Ada's own",
    ]);
  });

  it("shows only archived sessions, or only the others, or both when asked", async () => {
    const { repository, asAda } = await setup();
    const repositoryId = repository.id;
    await asAda.session.create({ repositoryId, title: "kept" });
    const old = await asAda.session.create({ repositoryId, title: "put away" });
    await asAda.session.archive({ sessionId: old.id });

    expect(titles(await asAda.session.list({ repositoryId, archived: true }))).toEqual(["put away"]);
    expect(titles(await asAda.session.list({ repositoryId, archived: false }))).toEqual(["kept"]);
    expect(titles(await asAda.session.list({ repositoryId }))).toEqual(["kept"]);
    expect(titles(await asAda.session.list({ repositoryId, includeArchived: true }))).toEqual(["put away", "kept"]);
    // `archived` says exactly which; includeArchived only widens the default.
    expect(titles(await asAda.session.list({ repositoryId, archived: false, includeArchived: true }))).toEqual([
      "kept",
    ]);

    await asAda.session.restore({ sessionId: old.id });
    expect(await asAda.session.list({ repositoryId, archived: true })).toEqual({ sessions: [], nextCursor: null });
  });

  it("searches titles and repository names, ignoring case, and matches %, _ and \\ literally", async () => {
    const key = randomKey();
    const { repository, asAda } = await setup(`Analytical-Engine-${key}`);
    const other = await createLocalRepository((await createUser()).id, { name: `orrery-${key}` });
    await asAda.session.create({ repositoryId: repository.id, title: "Fix the PARSER" });
    await asAda.session.create({ repositoryId: repository.id });
    await asAda.session.create({ repositoryId: other.id, title: `Parser notes ${key}` });
    await asAda.session.create({ repositoryId: other.id, title: `100% done_${key}` });

    const search = async (text: string) => titles(await asAda.session.list({ search: text }));
    expect(await search(`analytical-ENGINE-${key}`)).toEqual([null, "Fix the PARSER"]);
    expect(await search(`  parser notes ${key} `)).toEqual([`Parser notes ${key}`]);
    expect(await search(`orrery-${key}`)).toEqual([`100% done_${key}`, `Parser notes ${key}`]);
    expect(await search(`0% done_${key}`)).toEqual([`100% done_${key}`]);
    expect(await search(`1_0%_${key}`)).toEqual([]);
    expect(await search(`nothing-like-this-${key}`)).toEqual([]);
    expect(await search(`\\${key}`)).toEqual([]);
    // Together with the other filters.
    expect(titles(await asAda.session.list({ search: "parser", repositoryId: repository.id, mine: true }))).toEqual([
      "Fix the PARSER",
    ]);
  });

  it("pages through filtered results with the cursor", async () => {
    const { repository, asAda, asGrace } = await setup();
    const repositoryId = repository.id;
    for (const title of ["one", "two", "three"]) await asAda.session.create({ repositoryId, title });
    await asGrace.session.create({ repositoryId, title: "not mine" });

    const first = await asAda.session.list({ repositoryId, mine: true, limit: 2 });
    expect(titles(first)).toEqual(["three", "two"]);
    const second = await asAda.session.list({ repositoryId, mine: true, limit: 2, cursor: first.nextCursor ?? "" });
    expect(second).toMatchObject({ sessions: [{ title: "one" }], nextCursor: null });
  });

  it("refuses a search longer than 200 characters, on its field", async () => {
    const { asAda } = await setup();
    expect(await refusal(asAda.session.list({ search: "x".repeat(201) }))).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { search: ["A search can be at most 200 characters."] },
    });
  });
});
