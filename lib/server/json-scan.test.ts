import { describe, expect, it } from "vitest";
import { storable } from "@/lib/schemas/text";
import { z } from "zod";
import { scanJson } from "./json-scan";

const problem = (text: string) => scanJson(text, 32).problem;

describe("scanJson", () => {
  it("names a key given twice by its path, escaped or not, and only within one object", () => {
    expect(problem('{"contact":{"email":"a","email":"b"}}')).toEqual({ field: "contact.email", message: "is given more than once in the same object" });
    expect(problem('{"contact":{"email":"a","\\u0065mail":"b"}}')?.field).toBe("contact.email");
    expect(problem('{"a":{"b":1},"c":{"b":1},"d":[{"b":1},{"b":2}]}')).toBeUndefined();
    expect(problem('{"d":[[1,2],{"x":1},{"x":1,"y":{},"x":2}]}')?.field).toBe("d[2].x");
    expect(problem(`{${Array.from({ length: 5000 }, (_, i) => `"k${i}":${i}`).join(",")}}`)).toBeUndefined();
  });

  it("reads escaped quotes and backslashes correctly", () => {
    expect(problem('{"a":"x\\"","a\\\\":"y\\\\","b":"\\\\\\"}"}')).toBeUndefined();
    expect(problem('{"a":"\\"a\\":1","a":2}')?.field).toBe("a");
    expect(problem('{"t":"\\\\ud800"}')).toBeUndefined(); // an escaped backslash, then plain text
  });

  it("finds lone surrogates in values and keys, not in pairs", () => {
    expect(problem('{"a":"\\ud83d\\ude00"}')).toBeUndefined();
    expect(problem('{"a":"\\ud83d"}')?.field).toBe("a");
    expect(problem('{"a":["ok","\\ude00x"]}')?.field).toBe("a[1]");
    expect(problem('{"a":"\\ud83d\\u0041"}')?.field).toBe("a");
    expect(problem('{"k\\udbff":1}')).toEqual({ field: "k\\udbff", message: "has a key with a lone UTF-16 surrogate" });
  });

  it("stops at the depth limit, and tells the path where a text cut short ended", () => {
    expect(scanJson("[".repeat(33), 32).tooDeep).toBe(true);
    expect(scanJson("[".repeat(32) + "]".repeat(32), 32).tooDeep).toBe(false);
    expect(scanJson('{"tickets":[{"subject":"ab', 32).pathAtEnd).toBe("tickets[0].subject");
    expect(scanJson('{"tickets":[{"a":1,"sub', 32).pathAtEnd).toBe("tickets[0]");
  });
});

describe("storable text", () => {
  const s = storable(z.string());
  it("refuses NUL and lone surrogates, accepts pairs", () => {
    expect(s.safeParse("Jo😀").success).toBe(true);
    expect(s.safeParse("a\u0000").error?.issues[0].message).toMatch(/NUL/);
    expect(s.safeParse("a\ud800").error?.issues[0].message).toMatch(/surrogate/);
    expect(s.safeParse("\udc00a").error?.issues[0].message).toMatch(/surrogate/);
  });
});
