import "server-only";
import dns from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { env } from "../env";
import { allowList, refusedAddressReason } from "./ip-ranges";

/**
 * Where a webhook may be sent (SSRF): https only (http with WEBHOOK_ALLOW_HTTP=1), no credentials
 * in the URL, and every address the host resolves to public, unless WEBHOOK_ALLOWED_HOSTS lists the
 * host name or the address. Checked when an endpoint is registered and again on every delivery,
 * where `guardedLookup` is the socket's resolver: the address checked is the address connected to,
 * so a DNS answer that changed since (rebinding) cannot lead elsewhere.
 */

/** The URL may not be used; `message` is safe to show and names no secret. */
export class RefusedUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedUrlError";
  }
}

let allowed: ReturnType<typeof allowList> | undefined;
const getAllowList = () => (allowed ??= allowList(env.WEBHOOK_ALLOWED_HOSTS));

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, "");

/** Why `address` (reached through `hostname`) is refused, or undefined when it may be reached. */
export function addressRefusal(hostname: string, address: string): string | undefined {
  const list = getAllowList();
  if (list.hasHost(bare(hostname)) || list.hasAddress(address)) return undefined;
  const reason = refusedAddressReason(address);
  return reason && `${bare(hostname) === address ? address : `${bare(hostname)} resolves to ${address}`}, a ${reason} address; only public addresses may receive webhooks (WEBHOOK_ALLOWED_HOSTS allows others)`;
}

/** What can be judged without DNS: scheme, credentials, an address written in the URL. */
export function checkUrlShape(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedUrlError("must be an https:// URL");
  }
  if (url.protocol === "http:" && env.WEBHOOK_ALLOW_HTTP !== "1") throw new RefusedUrlError("must be https:// (http:// is allowed only with WEBHOOK_ALLOW_HTTP=1)");
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new RefusedUrlError("must be an https:// URL");
  if (url.username || url.password) throw new RefusedUrlError("must not contain a user name or password");
  if (url.hash) throw new RefusedUrlError("must not contain a #fragment");
  const host = bare(url.hostname);
  if (isIP(host)) {
    const refusal = addressRefusal(url.hostname, host);
    if (refusal) throw new RefusedUrlError(`must not point at ${refusal}`);
  }
  return url;
}

/** The whole check, DNS included: every address the host resolves to must be allowed. */
export async function checkEndpointUrl(raw: string): Promise<URL> {
  const url = checkUrlShape(raw);
  const host = bare(url.hostname);
  if (isIP(host)) return url;
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true });
  } catch {
    throw new RefusedUrlError(`must name a host that resolves: ${host} was not found`);
  }
  for (const a of addresses) {
    const refusal = addressRefusal(host, a.address);
    if (refusal) throw new RefusedUrlError(`must not point at ${refusal}`);
  }
  return url;
}

/** Resolves as dns.lookup does, then fails the connection if any address is refused. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const list = addresses as dns.LookupAddress[];
    for (const a of list) {
      const refusal = addressRefusal(hostname, a.address);
      if (refusal) return callback(Object.assign(new RefusedUrlError(`refused: ${refusal}`), { code: "EWEBHOOKREFUSED" }), "", 0);
    }
    if (!list.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};
