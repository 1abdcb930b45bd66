// Where a person goes once signed in: the page that sent them to sign in (`next`, e.g. a Slack
// link), when it is a path on this server; anywhere else would make the sign-in page an open
// redirect ("//evil.example", "/\evil.example", or either with a tab the browser drops).
const AFTER_SIGN_IN = "/sessions";

export function afterSignIn(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : AFTER_SIGN_IN;
}
