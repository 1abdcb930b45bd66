// Linear's webhook door, fuzzed as tests/integration/api/fuzz-doors.test.ts fuzzes the others:
// malformed agent session events, signed or not, fresh or stale, with odd headers, must each get
// a 4xx or a 200, never a 5xx or a hang.
import { afterAll, describe, it } from "vitest";
import { POST as webhookPost } from "@/app/api/webhooks/linear/route";
import { stopJobs } from "@/server/jobs/queue";
import { agentSessionEventPayload, signLinearWebhook } from "../../fixtures/linear/webhooks";
import {
  brokenBody,
  contentType,
  expectNoFailures,
  type FuzzCase,
  fuzzDoor,
  mutate,
  randomFor,
  weirdHeaderValue,
} from "../../support/fuzz";
import { installInFakeLinear, withFakeLinear } from "../../support/linear";
import { withOwnDatabase } from "../../support/own-database";

const CASES = 80;
// Its own database: what it records would otherwise show in the Linear tests running beside it.
withOwnDatabase();
const fake = withFakeLinear();
afterAll(async () => {
  await stopJobs();
});

describe("Linear's webhook door, fuzzed", () => {
  it("answers every malformed delivery with a 4xx or a 200, in time", { timeout: 60_000 }, async () => {
    await installInFakeLinear(fake.linear);
    const random = randomFor("linear webhook");
    const issue = fake.linear.createIssue({ title: "Fuzz the door" });
    const creatorId = fake.linear.users[0]!.id;
    const cases = Array.from({ length: CASES }, (_, index): FuzzCase => {
      const agentSessionId = `0000${index}-aaaa-bbbb-cccc-ddddeeeeffff`;
      const created = agentSessionEventPayload(fake.linear, {
        action: "created",
        agentSessionId,
        issueId: issue.id,
        creatorId,
      });
      const payload = random.pick([
        created,
        agentSessionEventPayload(fake.linear, { action: "prompted", agentSessionId, body: "and the tests?" }),
        agentSessionEventPayload(fake.linear, { action: "prompted", agentSessionId, body: "stop", signal: "stop" }),
        { type: "Issue", action: "update", webhookTimestamp: Date.now(), data: { id: issue.id } },
      ]);
      const body = random.chance(0.2) ? brokenBody(random) : (JSON.stringify(mutate(payload, random)) ?? "");
      return {
        door: "POST /api/webhooks/linear",
        method: "POST",
        url: "http://localhost/api/webhooks/linear",
        headers: {
          ...contentType(random),
          "linear-delivery": random.chance(0.85) ? `fuzz-${index}` : weirdHeaderValue(random),
          "linear-event": "AgentSessionEvent",
          "linear-signature": random.chance(0.75)
            ? signLinearWebhook(body, fake.linear.webhookSecret)
            : weirdHeaderValue(random),
        },
        body,
      };
    });
    expectNoFailures(await fuzzDoor("/api/webhooks/linear", cases, (request) => webhookPost(request)));
  });
});
