// Reads a pasted .env file: comments and blank lines skipped, `export ` allowed, values bare,
// 'single-quoted' (taken literally) or "double-quoted" (\n, \t, \" and \\ understood, may span
// lines), `=` allowed inside values, a ` #` after a bare value starts a comment, and the last of
// duplicate keys wins. Lines that are not assignments are reported with their number.
export type DotenvEntry = { key: string; value: string; line: number };
export type DotenvResult = { entries: DotenvEntry[]; errors: Array<{ line: number; message: string }> };

const ASSIGNMENT = /^\s*(?:export\s+)?([^=\s]+)\s*=\s?(.*)$/;

export function parseDotenv(text: string): DotenvResult {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const found = new Map<string, DotenvEntry>();
  const errors: DotenvResult["errors"] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const number = index + 1;
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      errors.push({ line: number, message: "is not KEY=value" });
      continue;
    }
    const key = match[1]!;
    let rest = match[2]!.trimStart();
    let value: string;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // The value runs to the matching quote, on this line or a later one.
      let body = rest.slice(1);
      let end = closingQuote(body, quote);
      while (end < 0 && index + 1 < lines.length) {
        index += 1;
        body += `\n${lines[index]}`;
        end = closingQuote(body, quote);
      }
      if (end < 0) {
        errors.push({ line: number, message: `has no closing ${quote}` });
        continue;
      }
      value = body.slice(0, end);
      if (quote === '"')
        value = value.replace(
          /\\([nrt"\\])/g,
          (_, char: string) => ({ n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" })[char] ?? char,
        );
    } else {
      const comment = rest.search(/\s#/);
      if (comment >= 0) rest = rest.slice(0, comment);
      value = rest.trim();
    }
    found.delete(key);
    found.set(key, { key, value, line: number });
  }
  return { entries: [...found.values()], errors };
}

function closingQuote(body: string, quote: string): number {
  for (let index = 0; index < body.length; index++) {
    if (quote === '"' && body[index] === "\\") {
      index += 1;
      continue;
    }
    if (body[index] === quote) return index;
  }
  return -1;
}
