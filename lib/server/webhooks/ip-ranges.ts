import "server-only";
import { isIP } from "node:net";

/**
 * Which addresses a webhook may not reach (SSRF): everything that is not the public internet.
 * IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, compatible, NAT64, 6to4) are
 * judged by the IPv4 address inside. docs/webhooks.md lists the ranges.
 */

type Bytes = number[];

const ipv4Bytes = (a: string): Bytes => a.split(".").map(Number);

/** The 16 bytes of an IPv6 address (with `::` and a trailing dotted quad), or undefined. */
export function ipv6Bytes(address: string): Bytes | undefined {
  const a = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (isIP(a) !== 6) return undefined;
  let text = a;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [b0, b1, b2, b3] = ipv4Bytes(quad[1]);
    text = `${text.slice(0, -quad[1].length)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const words = (s: string | undefined) => (s ? s.split(":").map((w) => parseInt(w, 16)) : []);
  const left = words(head);
  const right = words(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

interface Range {
  bytes: Bytes;
  bits: number;
  reason: string;
}
function range(cidr: string, reason: string): Range {
  const [address, bits] = cidr.split("/");
  const bytes = isIP(address) === 4 ? ipv4Bytes(address) : ipv6Bytes(address)!;
  return { bytes, bits: bits === undefined ? bytes.length * 8 : Number(bits), reason };
}

function contains(r: Pick<Range, "bytes" | "bits">, bytes: Bytes): boolean {
  if (r.bytes.length !== bytes.length) return false;
  for (let bit = 0; bit < r.bits; bit += 8) {
    const mask = r.bits - bit >= 8 ? 0xff : (0xff << (8 - (r.bits - bit))) & 0xff;
    if ((r.bytes[bit / 8] & mask) !== (bytes[bit / 8] & mask)) return false;
  }
  return true;
}

const REFUSED_V4 = [
  range("0.0.0.0/8", "unspecified"),
  range("10.0.0.0/8", "private"),
  range("100.64.0.0/10", "shared (CGNAT)"),
  range("127.0.0.0/8", "loopback"),
  range("169.254.0.0/16", "link-local (cloud metadata)"),
  range("172.16.0.0/12", "private"),
  range("192.0.0.0/24", "IETF protocol assignments"),
  range("192.0.2.0/24", "documentation"),
  range("192.88.99.0/24", "6to4 relay"),
  range("192.168.0.0/16", "private"),
  range("198.18.0.0/15", "benchmarking"),
  range("198.51.100.0/24", "documentation"),
  range("203.0.113.0/24", "documentation"),
  range("224.0.0.0/4", "multicast"),
  range("240.0.0.0/4", "reserved"),
];
const REFUSED_V6 = [
  range("::/128", "unspecified"),
  range("::1/128", "loopback"),
  range("100::/64", "discard-only"),
  range("2001::/23", "IETF protocol assignments"),
  range("2001:db8::/32", "documentation"),
  range("fc00::/7", "private (unique local)"),
  range("fe80::/10", "link-local"),
  range("fec0::/10", "site-local"),
  range("ff00::/8", "multicast"),
];
/** IPv6 ranges that carry an IPv4 address, and the byte offset where it starts. */
const EMBEDDING_V4: [Range, number, string][] = [
  [range("::ffff:0:0/96", ""), 12, "IPv4-mapped"],
  [range("::/96", ""), 12, "IPv4-compatible"],
  [range("64:ff9b::/96", ""), 12, "NAT64"],
  [range("64:ff9b:1::/48", ""), 12, "NAT64"],
  [range("2002::/16", ""), 2, "6to4"],
];

/** The IPv4 address an IPv6 address carries, if it is of an embedding kind. */
function embeddedV4(bytes: Bytes): { v4: Bytes; kind: string } | undefined {
  for (const [r, offset, kind] of EMBEDDING_V4) if (contains(r, bytes)) return { v4: bytes.slice(offset, offset + 4), kind };
  return undefined;
}

/** Why this address may not be reached (`"loopback"`, `"IPv4-mapped private"`…), or undefined if public. */
export function refusedAddressReason(address: string): string | undefined {
  if (isIP(address) === 4) return REFUSED_V4.find((r) => contains(r, ipv4Bytes(address)))?.reason;
  const bytes = ipv6Bytes(address);
  if (!bytes) return "not an IP address";
  const v6 = REFUSED_V6.find((r) => contains(r, bytes));
  if (v6) return v6.reason;
  const inner = embeddedV4(bytes);
  if (!inner) return undefined;
  const v4 = REFUSED_V4.find((r) => contains(r, inner.v4));
  return v4 && `${inner.kind} ${v4.reason}`;
}

/** An allow-list of host names, addresses and CIDR ranges (WEBHOOK_ALLOWED_HOSTS). */
export function allowList(entries: string[]) {
  const hosts = new Set(entries.filter((e) => !isIP(e.split("/")[0])).map((e) => e.replace(/\.$/, "")));
  const ranges = entries.filter((e) => isIP(e.split("/")[0])).map((e) => range(e, "allowed"));
  return {
    /** The URL's host name is listed: every address it resolves to is trusted. */
    hasHost: (hostname: string) => hosts.has(hostname.toLowerCase().replace(/\.$/, "")),
    /** The address (or the IPv4 address an IPv6 one carries) is inside a listed address or range. */
    hasAddress(address: string) {
      const bytes = isIP(address) === 4 ? ipv4Bytes(address) : ipv6Bytes(address);
      if (!bytes) return false;
      const inner = bytes.length === 16 ? embeddedV4(bytes)?.v4 : undefined;
      return ranges.some((r) => contains(r, bytes) || (inner !== undefined && contains(r, inner)));
    },
  };
}
