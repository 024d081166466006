import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions } from "./logger-options";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino(loggerOptions("info", "test"), stream), lines: () => lines.map((l) => JSON.parse(l)) };
}

describe("log lines", () => {
  it("are JSON with level, time and message", () => {
    const { log, lines } = capture();
    log.info({ requestId: "r1" }, "request");
    const [line] = lines();
    expect(line).toMatchObject({ level: "info", msg: "request", requestId: "r1", service: "test" });
    expect(new Date(line.time).toString()).not.toBe("Invalid Date");
  });

  it("never carry tokens, secrets or authorization headers", () => {
    const { log, lines } = capture();
    log.info(
      {
        headers: { authorization: "Bearer secret-1" },
        access_token: "secret-2",
        refresh_token: "secret-3",
        hubspot: { refreshToken: "secret-4", client_secret: "secret-5" },
        apiKey: "secret-6",
      },
      "call",
    );
    const text = JSON.stringify(lines());
    for (let i = 1; i <= 6; i++) expect(text).not.toContain(`secret-${i}`);
    expect(text).toContain("[redacted]");
  });
});
