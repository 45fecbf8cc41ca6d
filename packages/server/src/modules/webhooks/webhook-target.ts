import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may point. Loopback, private, link-local and similar ranges are refused unless the
 * operator allows them (WEBHOOKS_ALLOW_PRIVATE), so an admin cannot make the server call its own
 * network (SSRF). Checked when the endpoint is saved and again at every delivery (DNS can change).
 */
export async function webhookTargetProblem(url: string, allowPrivate: boolean): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http(s) URL';
  if (parsed.username || parsed.password) return 'must not carry credentials; the signature authenticates Sigilo';
  if (allowPrivate) return null;
  let addresses: string[];
  try {
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return 'host name does not resolve';
  }
  for (const a of addresses) {
    let addr = ipaddr.parse(a);
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
    if (addr.range() !== 'unicast') return `points to a ${addr.range()} address; only public addresses are allowed`;
  }
  return null;
}
