// Pasting a .env file: the awkward parts people actually paste.
import { describe, expect, it } from "vitest";
import { parseDotenv } from "@/server/secrets/dotenv";

const values = (text: string) => Object.fromEntries(parseDotenv(text).entries.map((entry) => [entry.key, entry.value]));

describe("the .env parser", () => {
  it("reads comments, blank lines, export, quotes, = inside values, and the last duplicate", () => {
    const text = [
      "# Database",
      "",
      "DATABASE_URL=postgres://user:pa=ss@db:5432/app?sslmode=require",
      "export NPM_TOKEN=npm_abc123",
      "SINGLE='literal \\n $HOME # not a comment'",
      'DOUBLE="line one\\nline \\"two\\""',
      "BARE=value # a comment",
      "HASH=abc#def",
      "EMPTY=",
      "  SPACED = padded  ",
      "DUP=first",
      "DUP=second",
      'MULTI="-----BEGIN KEY-----',
      "abc",
      '-----END KEY-----"',
      "\r",
    ].join("\r\n");
    expect(values(text)).toEqual({
      DATABASE_URL: "postgres://user:pa=ss@db:5432/app?sslmode=require",
      NPM_TOKEN: "npm_abc123",
      SINGLE: "literal \\n $HOME # not a comment",
      DOUBLE: 'line one\nline "two"',
      BARE: "value",
      HASH: "abc#def",
      EMPTY: "",
      SPACED: "padded",
      DUP: "second",
      MULTI: "-----BEGIN KEY-----\nabc\n-----END KEY-----",
    });
    expect(parseDotenv(text).errors).toEqual([]);
    expect(parseDotenv(text).entries.find((entry) => entry.key === "DUP")?.line).toBe(12);
  });

  it("reports lines that are not assignments, and an unclosed quote, by line number", () => {
    const result = parseDotenv('GOOD=1\njust some words\nOPEN="never closed\nALSO=2');
    expect(result.errors).toEqual([
      { line: 2, message: "is not KEY=value" },
      { line: 3, message: 'has no closing "' },
    ]);
    expect(result.entries.map((entry) => entry.key)).toEqual(["GOOD"]);
  });
});
