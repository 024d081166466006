import { describe, expect, it } from "vitest";
import { embeddedSharedBuffersMb } from "./embedded-postgres-memory";

const GiB = 2 ** 30;

describe("embeddedSharedBuffersMb", () => {
  it("takes a quarter of the machine's memory, between 128 MB and 1 GB", () => {
    expect(embeddedSharedBuffersMb({}, 2 * GiB)).toBe(512);
    expect(embeddedSharedBuffersMb({}, 24 * GiB)).toBe(1024);
    expect(embeddedSharedBuffersMb({}, 256 * 2 ** 20)).toBe(128);
  });

  it("uses EMBEDDED_PG_SHARED_BUFFERS_MB when set, an empty value meaning the default", () => {
    expect(embeddedSharedBuffersMb({ EMBEDDED_PG_SHARED_BUFFERS_MB: "2048" }, 2 * GiB)).toBe(2048);
    expect(embeddedSharedBuffersMb({ EMBEDDED_PG_SHARED_BUFFERS_MB: " " }, 2 * GiB)).toBe(512);
  });

  it("names the variable when its value is not a size it can use", () => {
    for (const bad of ["64", "1.5", "lots", "100000"]) {
      expect(() => embeddedSharedBuffersMb({ EMBEDDED_PG_SHARED_BUFFERS_MB: bad })).toThrow(/EMBEDDED_PG_SHARED_BUFFERS_MB/);
    }
  });
});
