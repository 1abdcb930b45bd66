// linear-agent: Linear handed the agent an issue, or someone wrote in its agent session. It
// tells Linear at once that it is on it (within Linear's 10 seconds), decides what the event
// asks, then does it. One at a time per agent session, so a reply waits for the hand-over.
import {
  announceWork,
  continueLinearSession,
  offerLink,
  refuseOrAsk,
  startLinearSession,
  stopLinearSession,
} from "../../integrations/linear/act";
import { acknowledge, planLinearEvent } from "../../integrations/linear/conversation";
import { linearAgentEvent } from "../events";
import { defineEventJob } from "../job";

export const linearAgentJob = defineEventJob(linearAgentEvent, async (event, { step }) => {
  if (event.signal !== "stop") await step("acknowledge", () => acknowledge(event));
  const decided = await step("plan", () => planLinearEvent(event));
  switch (decided.kind) {
    case "refuse":
    case "ask":
      return step("say", () => refuseOrAsk(event, decided));
    case "link":
      return step("offer-link", () => offerLink(event, decided));
    case "stop":
      return step("stop", () => stopLinearSession(event, decided));
    case "follow-up": {
      const queued = await step("queue-follow-up", () => continueLinearSession(event, decided));
      if ("refused" in queued)
        return step("say-refused", () => refuseOrAsk(event, { kind: "refuse", text: queued.refused }));
      return;
    }
    case "start": {
      const opened = await step("open-session", () => startLinearSession(event, decided));
      if ("refused" in opened)
        return step("say-refused", () => refuseOrAsk(event, { kind: "refuse", text: opened.refused }));
      return step("announce", () =>
        announceWork(event, {
          sessionId: opened.sessionId,
          repository: decided.repository,
          why: decided.why,
          notes: decided.notes,
        }),
      );
    }
  }
});
