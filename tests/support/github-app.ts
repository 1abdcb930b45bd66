// A GitHub App for tests: a fresh RSA key pair, the fake GitHub started with the App's public
// key, and the GITHUB_* variables that point the server code at both (read lazily, on first use
// in the test file; restored afterwards).
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { type FakeGithub, startFakeGithub } from "../fixtures/github/fake-github";

export const TEST_APP = { id: "123456", slug: "nightshift-test", webhookSecret: "webhook-secret-for-tests-0123456789" };

const APP_VARIABLES = [
  "GITHUB_URL",
  "GITHUB_APP_ID",
  "GITHUB_APP_PRIVATE_KEY",
  "GITHUB_APP_SLUG",
  "GITHUB_APP_WEBHOOK_SECRET",
] as const;

/** The fake GitHub with an App of its own (a fresh key pair), and the GITHUB_* variables that point Nightshift at it. */
export async function startFakeGithubApp(
  client: { id: string; secret: string } = { id: "unused", secret: "unused" },
): Promise<{ github: FakeGithub; env: Record<(typeof APP_VARIABLES)[number], string> }> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const privateKeyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const github = await startFakeGithub(client, { app: { id: TEST_APP.id, publicKeyPem, slug: TEST_APP.slug } });
  const env = {
    GITHUB_URL: github.url,
    GITHUB_APP_ID: TEST_APP.id,
    // As pasted into a one-line variable: newlines written as \n.
    GITHUB_APP_PRIVATE_KEY: privateKeyPem.replaceAll("\n", "\\n"),
    GITHUB_APP_SLUG: TEST_APP.slug,
    GITHUB_APP_WEBHOOK_SECRET: TEST_APP.webhookSecret,
  };
  return { github, env };
}

export function withFakeGithubApp(): { readonly github: FakeGithub } {
  let github: FakeGithub;
  const saved = Object.fromEntries(APP_VARIABLES.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    const started = await startFakeGithubApp();
    github = started.github;
    Object.assign(process.env, started.env);
  });
  afterAll(async () => {
    await github?.close();
    for (const name of APP_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  return {
    get github() {
      return github;
    },
  };
}

/**
 * A person who signed in with GitHub as `login`: a user, and an account row holding a token the
 * fake knows. GitHub ids are random, so test files running at once never share one.
 */
export async function githubPerson(github: FakeGithub, login: string, name = login) {
  const { createUser } = await import("../factories");
  const { getDb } = await import("@/server/db");
  const user = await createUser({ name });
  const id = 100_000 + Math.floor(Math.random() * 1_000_000_000);
  const token = github.issueToken({ id, login, name, email: null, orgs: [] });
  await getDb().account.create({
    data: { userId: user.id, type: "oauth", provider: "github", providerAccountId: String(id), access_token: token },
  });
  return { ...user, githubLogin: login };
}

/**
 * A private repository `<owner>/<name>-<random>` on the fake GitHub with the App installed on it
 * (its installation made when new), served from a new bare repository when `git` is set, and
 * Nightshift's row for it — written as the App sync would, without listing every installation:
 * test files share the database, so names and ids are their own (ids random unless given).
 */
export async function installedRepository(
  github: FakeGithub,
  options: {
    owner: string;
    name: string;
    collaborators: Record<string, "read" | "write" | "admin">;
    git?: { files?: Record<string, string> };
    githubId?: number;
    installationId?: number;
  },
) {
  const { createGitRepository, randomKey } = await import("../factories");
  const { getDb } = await import("@/server/db");
  const owner = options.owner;
  const name = `${options.name}-${randomKey()}`;
  const fullName = `${owner}/${name}`;
  const githubId = options.githubId ?? 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
  const installationId = options.installationId ?? githubId;
  const gitDir = options.git ? await createGitRepository({ name, bare: true, files: options.git.files }) : undefined;
  if (!github.app!.installations.some((installation) => installation.id === installationId))
    github.app!.installations.push({ id: installationId, account: owner });
  github.repositories.push({
    fullName,
    id: githubId,
    private: true,
    installationId,
    gitDir,
    collaborators: options.collaborators,
  });
  const repository = await getDb().repository.create({
    data: {
      provider: "github",
      externalId: fullName,
      owner,
      name,
      defaultBranch: "main",
      isPrivate: true,
      githubId: BigInt(githubId),
      installationId: BigInt(installationId),
    },
  });
  return { repository, fullName, gitDir: gitDir ?? "", githubId };
}
