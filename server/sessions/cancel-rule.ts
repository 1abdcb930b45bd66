// Who may cancel a waiting prompt: its author, or the session's owner, who keeps its queue in
// order — one rule for the service (cancel-prompt.ts, which also requires write access) and for
// the page that offers the button. Anyone who may write can stop the running prompt instead.

export function mayCancelPrompt(
  person: { id: string },
  prompt: { authorId: string },
  session: { ownerId: string },
): boolean {
  return person.id === prompt.authorId || person.id === session.ownerId;
}
