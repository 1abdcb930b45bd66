// A fix for @electric-sql/pglite-socket 0.2.17, whose server interleaves messages from different
// connections: PGlite has one backend session, and the server hands it messages one at a time,
// keeping to one connection only inside a transaction. A client's extended-protocol exchange
// (Parse, Bind, Describe, Execute … Sync) outside a transaction could be cut by another
// connection's messages, and the backend then answered the wrong client ("bind message supplies
// 3 parameters, but prepared statement requires 2"). Prisma and pg-boss send exactly such
// exchanges from several pooled connections at once.
//
// This replaces the server's queue processing with one that keeps to a connection from the
// first message of an exchange to its Sync (and, as before, for a whole transaction). It also
// keeps the queue going when one message fails, where the original stopped for good.
import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

type QueuedMessage = {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
};

/** The server's internal queue (not exported by the package), as 0.2.17 has it. */
type QueryQueue = {
  db: PGlite;
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue: () => Promise<void>;
  clearQueueForHandler: (handlerId: number) => void;
};

const code = (letter: string) => letter.charCodeAt(0);
const SYNC = code("S");
const SIMPLE_QUERY = code("Q");
/** Parse, Bind, Describe, Execute, Close, Flush: an exchange runs until its Sync. */
const EXTENDED = new Set(["P", "B", "D", "E", "C", "H"].map(code));

export function keepExtendedQueriesTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== "function" || !Array.isArray(queue.queue)) {
    throw new Error(
      "pglite-socket's internals changed: review server/database/pglite-socket-queue.ts for this version.",
    );
  }
  /** The connection in the middle of an extended-protocol exchange, if any. */
  let owner: number | null = null;

  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    if (owner === handlerId) owner = null;
    clearQueueForHandler(handlerId);
  };

  queue.processQueue = async () => {
    if (queue.processing || queue.queue.length === 0) return;
    queue.processing = true;
    try {
      while (queue.queue.length > 0) {
        const holder = queue.db.isInTransaction() && queue.lastHandlerId !== null ? queue.lastHandlerId : owner;
        const index = holder === null ? 0 : queue.queue.findIndex((item) => item.handlerId === holder);
        // The holder's next message has not arrived yet: the next enqueue resumes processing.
        if (index === -1) break;
        const item = queue.queue.splice(index, 1)[0]!;
        const type = item.message[0]!;
        if (type === SYNC || type === SIMPLE_QUERY) owner = null;
        else if (EXTENDED.has(type)) owner = item.handlerId;
        queue.lastHandlerId = item.handlerId;
        let bytes = 0;
        try {
          await queue.db.runExclusive(() =>
            queue.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error);
        }
      }
    } finally {
      queue.processing = false;
    }
  };
}
