// Keeps a browser's copy of a session's timeline equal to what the database holds: a snapshot,
// then realtime messages applied by sequence number — repeats ignored, gaps and announced
// (too large to push) events fetched — and a catch-up after the connection comes back. The
// page shows exactly the events stored: none missing, none twice. Framework-free; the session
// page wraps it in React state. docs/realtime.md.
import type { TimelineEvent } from "@/server/events/schemas";
import type { TimelineEventMessage } from "@/server/realtime/channels";

/** A stored event as the page holds it: typed by its type (server/events/schemas.ts). */
export type TimelineEntry = TimelineEvent & { seq: number; messageId: string | null; createdAt: string };
export type TimelinePage = { events: TimelineEntry[]; lastSeq: number };
/** Events after `afterSeq`, oldest first, at most `limit`, and the session's last sequence number. */
export type FetchPage = (afterSeq: number, limit: number) => Promise<TimelinePage>;

const PAGE_SIZE = 200;

export class TimelineSync {
  private entries: TimelineEntry[] = [];
  /** Every event from the first one held up to `head` is held. */
  private head = 0;
  /** Events received ahead of a gap, applied once the gap is filled. */
  private readonly ahead = new Map<number, TimelineEntry>();
  /** The highest sequence number known to exist. */
  private known = 0;
  private catchingUp: Promise<void> | null = null;
  private needsCheck = false;

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly onChange: (entries: readonly TimelineEntry[]) => void,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Starts from a snapshot: the latest page of events and the last sequence number. */
  load(page: TimelinePage): void {
    this.entries = [...page.events].sort((a, b) => a.seq - b.seq);
    this.head = this.entries.at(-1)?.seq ?? 0;
    this.known = Math.max(page.lastSeq, this.head);
    this.emit();
    if (this.known > this.head) this.catchUp();
  }

  /** Older events, loaded when the reader scrolls up; they go before what is held. */
  prepend(older: TimelineEntry[]): void {
    const first = this.entries[0]?.seq ?? Number.POSITIVE_INFINITY;
    const earlier = older.filter((event) => event.seq < first).sort((a, b) => a.seq - b.seq);
    if (earlier.length === 0) return;
    this.entries = [...earlier, ...this.entries];
    this.emit();
  }

  /** The events of a realtime message from the session's channel (consecutive, oldest first). */
  receive(events: readonly TimelineEventMessage[]): void {
    const before = this.head;
    for (const message of events) {
      if (message.seq <= this.head) continue;
      this.known = Math.max(this.known, message.seq);
      // Too large to push: fetched, with whatever follows it, by the catch-up below.
      if ("announced" in message) continue;
      const entry: TimelineEntry = message;
      if (message.seq === this.head + 1) {
        this.append([entry]);
        this.drainAhead();
      } else {
        this.ahead.set(message.seq, entry);
      }
    }
    if (this.head > before) this.emit();
    if (this.known > this.head) this.catchUp();
  }

  /** After the connection dropped (or the laptop slept): fetch whatever was stored meanwhile. */
  resync(): void {
    this.needsCheck = true;
    this.catchUp();
  }

  /** The first sequence number held (older ones can be loaded with prepend). */
  get firstSeq(): number {
    return this.entries[0]?.seq ?? this.head + 1;
  }

  get lastSeq(): number {
    return this.head;
  }

  /** Resolves when no catch-up is running (tests). */
  async settled(): Promise<void> {
    while (this.catchingUp) await this.catchingUp;
  }

  private catchUp(): void {
    if (this.catchingUp) {
      // The running loop reads `known` and `needsCheck` again before it stops.
      return;
    }
    this.catchingUp = this.runCatchUp()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.catchingUp = null;
      });
  }

  private async runCatchUp(): Promise<void> {
    while (this.head < this.known || this.needsCheck) {
      this.needsCheck = false;
      const page = await this.fetchPage(this.head, PAGE_SIZE);
      this.known = Math.max(this.known, page.lastSeq);
      const fresh = page.events.filter((event) => event.seq > this.head).sort((a, b) => a.seq - b.seq);
      this.append(fresh);
      this.drainAhead();
      this.emit();
      // A page that brought nothing new while more is known means the rest is not visible yet.
      if (fresh.length === 0) break;
    }
  }

  private append(events: TimelineEntry[]): void {
    for (const event of events) {
      if (event.seq !== this.head + 1) break;
      this.entries.push(event);
      this.head = event.seq;
      this.ahead.delete(event.seq);
    }
  }

  private drainAhead(): void {
    for (let next = this.ahead.get(this.head + 1); next; next = this.ahead.get(this.head + 1)) this.append([next]);
    for (const seq of this.ahead.keys()) if (seq <= this.head) this.ahead.delete(seq);
  }

  private emit(): void {
    this.onChange([...this.entries]);
  }
}
