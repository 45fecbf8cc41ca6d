import ipaddr from 'ipaddr.js';

/** Normalises a CIDR ("10.0.0.0/8", "2001:db8::/32", or a bare address), or explains why it is not one. */
export function parseCidr(input: string): { cidr: string } | { error: string } {
  const value = input.trim();
  try {
    const [addr, bits] = value.includes('/') ? ipaddr.parseCIDR(value) : [ipaddr.parse(value), undefined];
    const prefix = bits ?? (addr.kind() === 'ipv4' ? 32 : 128);
    // Store the network address so "10.1.2.3/8" and "10.0.0.0/8" are the same entry.
    const network = addr.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${prefix}`);
    return { cidr: `${network.toString()}/${prefix}` };
  } catch {
    return { error: 'must be an IPv4 or IPv6 address or CIDR range, like 203.0.113.0/24 or 2001:db8::/32' };
  }
}

function parseIp(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    const addr = ipaddr.parse(ip);
    // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
    return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
  } catch {
    return null;
  }
}

/** An empty allowlist allows everyone; otherwise the address must fall inside one entry. */
export function isIpAllowed(cidrs: readonly string[], ip: string | null | undefined): boolean {
  if (cidrs.length === 0) return true;
  const addr = ip ? parseIp(ip) : null;
  if (!addr) return false;
  return cidrs.some((c) => {
    try {
      const range = ipaddr.parseCIDR(c);
      return range[0].kind() === addr.kind() && addr.match(range);
    } catch {
      return false;
    }
  });
}
