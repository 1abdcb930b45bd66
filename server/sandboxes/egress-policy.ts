// Where a sealed sandbox may connect outside the machine: the egress policy its proxy enforces.
// By default the public internet, and never loopback, private (RFC 1918, CGNAT, IPv6 ULA),
// link-local (cloud metadata among them) or otherwise special addresses; or only the hosts an
// allow-list names (still never a private address); or nothing at all. A name is resolved here,
// and the connection goes to the address that was checked, so a name that resolves differently a
// moment later (DNS rebinding) cannot slip through. docs/security.md#egress.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

export type EgressPolicy = ({ mode: "public" } | { mode: "allowlist"; hosts: string[] } | { mode: "none" }) & {
  /**
   * Networks off the public internet that sandboxes may reach all the same, as the operator
   * listed them (NIGHTSHIFT_EGRESS_INTERNAL_NETWORKS: an internal package mirror, say). Loopback
   * never is one.
   */
  internalNetworks?: string[];
};

export const DEFAULT_EGRESS_POLICY: EgressPolicy = { mode: "public" };

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local (fd00:ec2::254 is a cloud metadata address)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");

/** "10.1.2.0/24" or a single address: whether it is one, and the reason when it is not. */
export function parseNetwork(value: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | string {
  const [address = "", prefixText] = value.trim().split("/");
  const family = isIP(address);
  if (family === 0) return `"${value}" is not an IP address or network (10.1.2.0/24, fd00:1::/64)`;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max)
    return `"${value}": the prefix length must be a whole number from 0 to ${max}`;
  if (LOOPBACK.check(address, family === 4 ? "ipv4" : "ipv6"))
    return `"${value}" is loopback: sandboxes never reach this machine's own services`;
  return { address, prefix, family: family === 4 ? "ipv4" : "ipv6" };
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

function internalAllowed(address: string, networks: string[] | undefined): boolean {
  if (!networks?.length || isIP(address) === 0) return false;
  const list = new BlockList();
  for (const network of networks) {
    const parsed = parseNetwork(network);
    if (typeof parsed !== "string") list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
  const family = isIP(mapped) === 4 ? "ipv4" : "ipv6";
  // A wide network (0.0.0.0/0) still never covers this machine's loopback.
  return list.check(mapped, family) && !LOOPBACK.check(mapped, family);
}

/** Why an address is not on the public internet, or null when it is. */
export function nonPublicReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return nonPublicReason(mapped);
  return NOT_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6")
    ? "a loopback, private, link-local or reserved address"
    : null;
}

function hostAllowed(host: string, allowed: string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return allowed.some((entry) => {
    const pattern = entry.toLowerCase().replace(/\.$/, "");
    // "*.example.com": example.com and everything under it.
    return pattern.startsWith("*.") ? name === pattern.slice(2) || name.endsWith(pattern.slice(1)) : name === pattern;
  });
}

export type EgressDecision = { allowed: true; address: string } | { allowed: false; reason: string };

/**
 * Whether a sandbox may connect to `host`, and the checked address to connect to. Every address
 * the name resolves to must be public: a name that also points inside is refused whole.
 */
export async function decideEgress(
  host: string,
  policy: EgressPolicy,
  resolve: (host: string) => Promise<string[]> = resolveAll,
): Promise<EgressDecision> {
  const bare = host
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase()
    .replace(/\.$/, "");
  if (policy.mode === "none")
    return { allowed: false, reason: "this repository's sandboxes may not reach the network" };
  if (policy.mode === "allowlist" && !hostAllowed(bare, policy.hosts))
    return { allowed: false, reason: `${bare} is not on this repository's list of allowed hosts` };
  let addresses: string[];
  try {
    addresses = isIP(bare) ? [bare] : await resolve(bare);
  } catch {
    return { allowed: false, reason: `${bare} could not be resolved` };
  }
  if (addresses.length === 0) return { allowed: false, reason: `${bare} could not be resolved` };
  for (const address of addresses) {
    if (internalAllowed(address, policy.internalNetworks)) continue;
    const why = nonPublicReason(address);
    if (why) return { allowed: false, reason: `${bare} is ${address === bare ? "" : `${address}, `}${why}` };
  }
  return { allowed: true, address: addresses[0]! };
}

async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
}
