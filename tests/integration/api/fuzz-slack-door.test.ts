// Slack's doors (events and interactions), fuzzed as tests/integration/api/fuzz-doors.test.ts fuzzes the others:
// malformed envelopes and events, signed or not, with odd headers, must each get a 4xx or a 200,
// never a 5xx or a hang.
import { afterAll, describe, it } from "vitest";
import { POST as eventsPost } from "@/app/api/slack/events/route";
import { POST as interactionsPost } from "@/app/api/slack/interactions/route";
import { stopJobs } from "@/server/jobs/queue";
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
import { withOwnDatabase } from "../../support/own-database";
import { eventEnvelope, slackSignature, withFakeSlack } from "../../support/slack";

const CASES = 80;
// Its own database: what it records would otherwise show in the Slack tests running beside it.
withOwnDatabase();
const fake = withFakeSlack([{ id: "U0FUZZER01", name: "Fuzz Tester", email: "fuzz@example.com" }]);
afterAll(async () => {
  await stopJobs();
});

describe("Slack's events door, fuzzed", () => {
  it("answers every malformed delivery with a 4xx or a 200, in time", { timeout: 60_000 }, async () => {
    const random = randomFor("slack events");
    const cases = Array.from({ length: CASES }, (_, index): FuzzCase => {
      const ts = `1796280000.${String(index).padStart(6, "0")}`;
      const event = random.pick([
        {
          type: "app_mention",
          user: "U0FUZZER01",
          text: `<@${fake.slack.bot.userId}> fix it`,
          ts,
          channel: "C0FUZZ0001",
        },
        { type: "message", user: "U0FUZZER01", text: "hello", ts, channel: "D0FUZZ0001", channel_type: "im" },
        {
          type: "message",
          user: "U0FUZZER01",
          text: "more",
          ts,
          channel: "C0FUZZ0001",
          channel_type: "channel",
          thread_ts: "1796270000.000001",
        },
        { type: "message", subtype: "message_changed", ts, channel: "C0FUZZ0001", channel_type: "channel" },
        { type: "app_home_opened", user: "U0FUZZER01", channel: "D0FUZZ0001", tab: "home" },
      ]);
      const envelope = random.chance(0.1)
        ? { type: "url_verification", token: "t", challenge: "c" }
        : eventEnvelope(fake.slack, event, `EvFUZZ${index}`);
      const body = random.chance(0.2) ? brokenBody(random) : (JSON.stringify(mutate(envelope, random)) ?? "");
      const timestamp = Math.floor(Date.now() / 1000);
      return {
        door: "POST /api/slack/events",
        method: "POST",
        url: "http://localhost/api/slack/events",
        headers: {
          ...contentType(random),
          "x-slack-request-timestamp": random.chance(0.85) ? String(timestamp) : weirdHeaderValue(random),
          "x-slack-signature": random.chance(0.75) ? slackSignature(body, timestamp) : weirdHeaderValue(random),
        },
        body,
      };
    });
    expectNoFailures(await fuzzDoor("/api/slack/events", cases, (request) => eventsPost(request)));
  });

  it("answers every malformed interaction with a 4xx or a 200, in time", { timeout: 60_000 }, async () => {
    const random = randomFor("slack interactions");
    const cases = Array.from({ length: CASES }, (_, index): FuzzCase => {
      const payload = {
        type: random.pick(["block_actions", "block_actions", "view_submission", "shortcut"]),
        user: { id: "U0FUZZER01", team_id: fake.slack.bot.teamId },
        team: { id: fake.slack.bot.teamId },
        channel: { id: "C0FUZZ0001" },
        container: {
          type: "message",
          message_ts: `1796280000.${index}`,
          thread_ts: "1796270000.000001",
          is_ephemeral: random.chance(0.5),
        },
        response_url: `${fake.slack.url.replace(/\/api\/$/, "")}/response/fuzz-${index}`,
        actions: [
          random.pick([
            { type: "button", action_id: "pick_repository_0", value: "no-such-request|no-such-repository" },
            { type: "button", action_id: "view_session", url: "https://example.com" },
            { type: "static_select", action_id: "pick_repository_menu", selected_option: { value: "x|y" } },
            { type: "button", action_id: "something_else", value: "?" },
            { type: "button", action_id: "create_pull_request", value: "no-such-session" },
          ]),
        ],
      };
      const body = random.chance(0.2)
        ? brokenBody(random)
        : new URLSearchParams({ payload: JSON.stringify(mutate(payload, random)) ?? "" }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      return {
        door: "POST /api/slack/interactions",
        method: "POST",
        url: "http://localhost/api/slack/interactions",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": random.chance(0.85) ? String(timestamp) : weirdHeaderValue(random),
          "x-slack-signature": random.chance(0.75) ? slackSignature(body, timestamp) : weirdHeaderValue(random),
        },
        body,
      };
    });
    expectNoFailures(await fuzzDoor("/api/slack/interactions", cases, (request) => interactionsPost(request)));
  });
});
