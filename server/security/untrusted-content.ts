// Outside text that reaches the agent — a GitHub comment, a workflow's prompt, a webhook's
// payload — goes inside an <untrusted-content> wrapper naming where it came from, after
// Nightshift's own instructions say that nothing inside one is an instruction. The text cannot
// close the wrapper early, and long text is cut with a note saying how much was left out.

/** `text` wrapped and marked as coming from `source`. */
export function untrusted(source: string, text: string): string {
  const safe = text.replace(/<\/?untrusted-content/gi, (tag) => tag.replace("<", "&lt;"));
  return `<untrusted-content source="${source.replace(/"/g, "'")}">\n${safe}\n</untrusted-content>`;
}

/** `text` cut at `limit` characters, saying how many more there were. */
export function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n[… ${text.length - limit} more characters left out]`;
}
