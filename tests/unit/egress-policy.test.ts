// The egress policy a sealed sandbox's proxy enforces: which destinations it lets through, and
// the reason it gives for each one it refuses. Names are resolved by a stand-in here.
import { describe, expect, it } from "vitest";
import { decideEgress, nonPublicReason, parseNetwork } from "@/server/sandboxes/egress-policy";

const DNS: Record<string, string[]> = {
  "registry.npmjs.org": ["104.16.0.35", "2606:4700::6810:23"],
  "api.github.com": ["140.82.112.6"],
  "github.com": ["140.82.112.3"],
  "rebind.example": ["93.184.215.14", "10.0.0.7"],
  "metadata.internal": ["169.254.169.254"],
  "npm.mirror.corp": ["10.20.0.5"],
};
const resolve = async (host: string) => {
  const found = DNS[host];
  if (!found) throw new Error("ENOTFOUND");
  return found;
};

describe("the egress policy", () => {
  it("says which addresses are not on the public internet", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "100.64.0.1",
      "169.254.169.254",
      "0.0.0.0",
      "224.0.0.1",
      "::1",
      "fd00:ec2::254",
      "fe80::1",
      "::ffff:10.0.0.1",
      "::ffff:127.0.0.1",
    ])
      expect([address, nonPublicReason(address)]).toEqual([
        address,
        "a loopback, private, link-local or reserved address",
      ]);
    for (const address of ["93.184.215.14", "140.82.112.3", "2606:4700::6810:23", "::ffff:8.8.8.8"])
      expect([address, nonPublicReason(address)]).toEqual([address, null]);
  });

  it("lets a public name through to the address it checked, and refuses one that also points inside", async () => {
    expect(await decideEgress("registry.npmjs.org", { mode: "public" }, resolve)).toEqual({
      allowed: true,
      address: "104.16.0.35",
    });
    expect(await decideEgress("rebind.example", { mode: "public" }, resolve)).toEqual({
      allowed: false,
      reason: "rebind.example is 10.0.0.7, a loopback, private, link-local or reserved address",
    });
    expect(await decideEgress("metadata.internal", { mode: "public" }, resolve)).toMatchObject({ allowed: false });
    expect(await decideEgress("10.0.0.1", { mode: "public" }, resolve)).toEqual({
      allowed: false,
      reason: "10.0.0.1 is a loopback, private, link-local or reserved address",
    });
    expect(await decideEgress("[::1]", { mode: "public" }, resolve)).toMatchObject({ allowed: false });
    expect(await decideEgress("nowhere.example", { mode: "public" }, resolve)).toEqual({
      allowed: false,
      reason: "nowhere.example could not be resolved",
    });
  });

  it("with an allow-list, lets through only the hosts it names, a domain with everything under it", async () => {
    const policy = { mode: "allowlist" as const, hosts: ["registry.npmjs.org", "*.github.com"] };
    expect(await decideEgress("registry.npmjs.org", policy, resolve)).toMatchObject({ allowed: true });
    expect(await decideEgress("api.github.com", policy, resolve)).toMatchObject({ allowed: true });
    expect(await decideEgress("GitHub.com.", policy, resolve)).toMatchObject({ allowed: true });
    expect(await decideEgress("rebind.example", policy, resolve)).toEqual({
      allowed: false,
      reason: "rebind.example is not on this repository's list of allowed hosts",
    });
    // Listed, yet private: still refused.
    expect(
      await decideEgress("rebind.example", { mode: "allowlist", hosts: ["rebind.example"] }, resolve),
    ).toMatchObject({ allowed: false });
  });

  it("with no network, refuses everything", async () => {
    expect(await decideEgress("registry.npmjs.org", { mode: "none" }, resolve)).toEqual({
      allowed: false,
      reason: "this repository's sandboxes may not reach the network",
    });
  });

  it("lets through the internal networks the operator listed, and only those, never loopback", async () => {
    const policy = { mode: "public" as const, internalNetworks: ["10.20.0.0/24", "fd00:1::1"] };
    expect(await decideEgress("npm.mirror.corp", policy, resolve)).toEqual({ allowed: true, address: "10.20.0.5" });
    expect(await decideEgress("fd00:1::1", policy, resolve)).toMatchObject({ allowed: true });
    // Other private addresses, and a name that also points at one, stay refused.
    expect(await decideEgress("10.20.1.5", policy, resolve)).toMatchObject({ allowed: false });
    expect(await decideEgress("rebind.example", policy, resolve)).toMatchObject({ allowed: false });
    expect(await decideEgress("metadata.internal", policy, resolve)).toMatchObject({ allowed: false });
    // The repository's own allow-list still decides which names.
    expect(
      await decideEgress(
        "npm.mirror.corp",
        { mode: "allowlist", hosts: ["github.com"], internalNetworks: ["10.0.0.0/8"] },
        resolve,
      ),
    ).toMatchObject({ allowed: false, reason: "npm.mirror.corp is not on this repository's list of allowed hosts" });
    const everything = { mode: "public" as const, internalNetworks: ["0.0.0.0/0"] };
    expect(await decideEgress("127.0.0.1", everything, resolve)).toMatchObject({ allowed: false });
    expect(parseNetwork("127.0.0.0/8")).toBe(
      '"127.0.0.0/8" is loopback: sandboxes never reach this machine\'s own services',
    );
    expect(parseNetwork("10.0.0.0/33")).toBe('"10.0.0.0/33": the prefix length must be a whole number from 0 to 32');
    expect(parseNetwork("intranet")).toBe('"intranet" is not an IP address or network (10.1.2.0/24, fd00:1::/64)');
  });
});
