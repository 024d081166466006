import { describe, expect, it } from "vitest";
import { allowList, ipv6Bytes, refusedAddressReason } from "./ip-ranges";

describe("refusedAddressReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.64.0.1", "shared (CGNAT)"],
    ["100.127.255.255", "shared (CGNAT)"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fd12:3456::1", "private (unique local)"],
    ["fe80::1", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback"],
    ["::ffff:169.254.169.254", "IPv4-mapped link-local (cloud metadata)"],
    ["::ffff:10.0.0.1", "IPv4-mapped private"],
    ["64:ff9b::7f00:1", "NAT64 loopback"],
    ["2002:c0a8:101::1", "6to4 private"],
  ])("refuses %s (%s)", (address, reason) => {
    expect(refusedAddressReason(address)).toBe(reason);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.255.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])(
    "lets %s through",
    (address) => {
      expect(refusedAddressReason(address)).toBeUndefined();
    },
  );

  it("reads IPv6 in every spelling", () => {
    expect(ipv6Bytes("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    expect(ipv6Bytes("[fe80::1%eth0]")?.slice(0, 2)).toEqual([0xfe, 0x80]);
    expect(ipv6Bytes("1:2:3:4:5:6:7:8")).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    expect(ipv6Bytes("not an address")).toBeUndefined();
  });
});

describe("allowList", () => {
  const list = allowList(["127.0.0.1", "10.0.0.0/8", "fd00::/8", "hooks.internal"]);

  it("matches listed addresses and ranges, also inside IPv4-mapped IPv6", () => {
    expect(list.hasAddress("127.0.0.1")).toBe(true);
    expect(list.hasAddress("::ffff:127.0.0.1")).toBe(true);
    expect(list.hasAddress("10.200.0.1")).toBe(true);
    expect(list.hasAddress("fd00::5")).toBe(true);
    expect(list.hasAddress("127.0.0.2")).toBe(false);
    expect(list.hasAddress("192.168.0.1")).toBe(false);
  });

  it("matches host names whatever their case or trailing dot", () => {
    expect(list.hasHost("Hooks.Internal.")).toBe(true);
    expect(list.hasHost("other.internal")).toBe(false);
  });
});
