// What Postgres cannot hold in a text or JSON value: NUL (U+0000), and half of a UTF-16 surrogate
// pair standing alone (JSON writes it as an escape, Postgres refuses it). Outside input that holds
// either is refused or mended before it reaches the database.

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSTORABLE_TEST = new RegExp(UNSTORABLE.source);

/** Whether every string in a value (keys too) can be stored as it is. */
export function isStorable(value: unknown): boolean {
  if (typeof value === "string") return !UNSTORABLE_TEST.test(value);
  if (Array.isArray(value)) return value.every(isStorable);
  if (value && typeof value === "object")
    return Object.entries(value).every(([key, child]) => isStorable(key) && isStorable(child));
  return true;
}

/**
 * The value with each unstorable character replaced by U+FFFD, as undecodable bytes are: for what
 * must be kept whatever it holds (a tool's binary output).
 */
export function storable<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return node.replace(UNSTORABLE, "\ufffd");
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [walk(key) as string, walk(child)]));
    return node;
  };
  return walk(value) as T;
}
