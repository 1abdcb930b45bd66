// The job summary the action writes ($GITHUB_STEP_SUMMARY): the status, links to the session and
// its pull request, the branch and cost, the files changed, and the agent's final answer.
import * as core from "@actions/core";
import type { Result } from "./client";

/** What the action reports as `status`. */
export type ActionStatus = "completed" | "failed" | "stopped" | "cancelled" | "timed-out" | "queued";

/** GitHub takes 1 MiB of summary per step; the answer is kept well below. */
const ANSWER_LIMIT = 60_000;
const FILES_LIMIT = 100;

const HEADINGS: Record<ActionStatus, string> = {
  completed: "✅ Nightshift finished",
  failed: "❌ Nightshift failed",
  stopped: "⏹️ Nightshift was stopped",
  cancelled: "⏹️ Nightshift's prompt was cancelled",
  "timed-out": "⏳ Nightshift is still working",
  queued: "🕒 Nightshift has the prompt",
};

export async function writeSummary(result: Result, status: ActionStatus): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const summary = core.summary.addHeading(HEADINGS[status], 2);
  const rows: string[] = [
    `<b>Session</b>: <a href="${escape(result.session.url)}">${escape(result.session.title ?? result.session.id)}</a>`,
  ];
  if (result.pullRequest)
    rows.push(
      `<b>Pull request</b>: <a href="${escape(result.pullRequest.url)}">${escape(result.pullRequest.title ?? result.pullRequest.url)}</a>`,
    );
  rows.push(`<b>Branch</b>: <code>${escape(result.session.branch)}</code>`);
  if (result.costUsd !== null && result.costUsd > 0) rows.push(`<b>Cost</b>: $${result.costUsd.toFixed(4)}`);
  if (result.prompt.error) rows.push(`<b>Why</b>: ${escape(result.prompt.error)}`);
  summary.addList(rows);
  if (result.filesChanged && result.filesChanged.length > 0) {
    summary.addHeading("Files changed", 3);
    const shown = result.filesChanged.slice(0, FILES_LIMIT);
    summary.addTable([
      [
        { data: "File", header: true },
        { data: "+", header: true },
        { data: "−", header: true },
      ],
      ...shown.map((file) => [`<code>${escape(file.path)}</code>`, String(file.additions), String(file.deletions)]),
    ]);
    if (result.filesChanged.length > shown.length)
      summary.addRaw(`…and ${result.filesChanged.length - shown.length} more.`, true);
  } else if (result.pullRequest) {
    summary.addRaw(`The files changed are in <a href="${escape(result.pullRequest.url)}">the pull request</a>.`, true);
  }
  if (result.answer) {
    summary.addHeading("The agent's answer", 3);
    // The agent's own Markdown, as it wrote it.
    summary.addRaw(cut(result.answer, ANSWER_LIMIT), true);
  }
  await summary.write();
}

export function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n[… ${text.length - limit} more characters]`;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char]!);
}
