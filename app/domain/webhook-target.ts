// Where a webhook may point (M3, issue 13): the server POSTs there and shows the admin the answer's
// status, so a target inside the bank's network (loopback, private ranges, cloud metadata) would
// make Provenant a proxy into it. Only public addresses on the internet are allowed; loopback only
// when the deployment says so (WEBHOOKS_ALLOW_LOOPBACK=1, a demo setting refused in production).
//
// Parsing is the WHATWG URL parser's (the same in Node and the browser, so the form can use this
// too): it turns every IPv4 spelling (0x7f000001, 2130706433, 0177.0.0.1, 127.1) into a dotted
// quad and IPv6 into its canonical compressed form. A host the user did not write in that
// canonical form is refused, and the canonical forms are checked against the special-purpose
// ranges below (IANA IPv4/IPv6 special-purpose address registries). The same check runs again at
// delivery on every address the host name resolves to (app/services/webhook-http.server.ts).

export type TargetOptions = { allowLoopback?: boolean };

export type TargetVerdict = { ok: true } | { ok: false; reason: "invalid" | "scheme" | "credentials" | "non-canonical" | "loopback" | "private" | "reserved" | "hostname" };

type Range4 = readonly [string, number];

/** IPv4 ranges that are not the public internet (loopback is handled apart). */
const IPV4_BLOCKED: ReadonlyArray<readonly [string, number, "private" | "reserved"]> = [
  ["0.0.0.0", 8, "reserved"], // "this network"
  ["10.0.0.0", 8, "private"], // RFC 1918
  ["100.64.0.0", 10, "private"], // carrier-grade NAT (RFC 6598); also Alibaba's metadata 100.100.100.200
  ["169.254.0.0", 16, "private"], // link-local, cloud metadata 169.254.169.254
  ["172.16.0.0", 12, "private"], // RFC 1918
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "reserved"], // documentation
  ["192.88.99.0", 24, "reserved"], // 6to4 relay anycast
  ["192.168.0.0", 16, "private"], // RFC 1918
  ["198.18.0.0", 15, "reserved"], // benchmarking
  ["198.51.100.0", 24, "reserved"], // documentation
  ["203.0.113.0", 24, "reserved"], // documentation
  ["224.0.0.0", 4, "reserved"], // multicast
  ["240.0.0.0", 4, "reserved"], // reserved, and 255.255.255.255 broadcast
];
const IPV4_LOOPBACK: Range4 = ["127.0.0.0", 8];

type Range6 = readonly [string, number];

/** Inside global unicast 2000::/3, the parts that are not ordinary public addresses. */
const IPV6_BLOCKED_IN_GLOBAL: readonly Range6[] = [
  ["2001::", 23], // IETF protocol assignments (Teredo 2001::/32, ORCHID, …)
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: embeds an IPv4 address
  ["3fff::", 20], // documentation
];

/** Host names that name this machine or a private network, whatever DNS says. */
const BLOCKED_NAMES = new Set(["localhost", "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "metadata.azure.internal"]);
const BLOCKED_SUFFIXES = [".localhost", ".local", ".localdomain", ".internal", ".intranet", ".lan", ".home", ".corp", ".home.arpa", ".arpa"];

function ipv4ToInt(canonical: string): number {
  return canonical.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inRange4(value: number, [base, prefix]: Range4): boolean {
  const size = 2 ** (32 - prefix);
  const start = ipv4ToInt(base);
  return value >= start && value < start + size;
}

/** A canonical IPv6 text (as URL serialises it, no brackets) as a 128-bit number. */
function ipv6ToBigInt(canonical: string): bigint {
  const [head = "", tail] = canonical.split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function inRange6(value: bigint, [base, prefix]: Range6): boolean {
  const shift = BigInt(128 - prefix);
  return value >> shift === ipv6ToBigInt(base) >> shift;
}

const IPV4_CANONICAL = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The URL parser's canonical form of an IP address, or undefined when it is not one. */
function canonicalIp(address: string): { family: 4 | 6; text: string } | undefined {
  const bracketed = address.includes(":") ? `[${address.replace(/^\[|\]$/g, "")}]` : address;
  let host: string;
  try {
    host = new URL(`http://${bracketed}/`).hostname;
  } catch {
    return undefined;
  }
  if (host.startsWith("[")) return { family: 6, text: host.slice(1, -1) };
  if (IPV4_CANONICAL.test(host)) return { family: 4, text: host };
  return undefined;
}

/**
 * Whether a connection to this IP address is allowed. `address` is an IPv4 or IPv6 address (a
 * resolved one at delivery); anything that is not an IP address is refused.
 */
export function classifyAddress(address: string, options: TargetOptions = {}): TargetVerdict {
  const ip = canonicalIp(address);
  if (!ip) return { ok: false, reason: "invalid" };
  if (ip.family === 4) {
    const value = ipv4ToInt(ip.text);
    if (inRange4(value, IPV4_LOOPBACK)) return options.allowLoopback ? { ok: true } : { ok: false, reason: "loopback" };
    const blocked = IPV4_BLOCKED.find(([base, prefix]) => inRange4(value, [base, prefix]));
    return blocked ? { ok: false, reason: blocked[2] } : { ok: true };
  }
  const value = ipv6ToBigInt(ip.text);
  if (value === 1n) return options.allowLoopback ? { ok: true } : { ok: false, reason: "loopback" };
  // Only global unicast; this also refuses ::, IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96,
  // unique-local fc00::/7, link-local fe80::/10 and multicast ff00::/8.
  if (!inRange6(value, ["2000::", 3])) return { ok: false, reason: inRange6(value, ["fc00::", 7]) || inRange6(value, ["fe80::", 10]) ? "private" : "reserved" };
  if (IPV6_BLOCKED_IN_GLOBAL.some((r) => inRange6(value, r))) return { ok: false, reason: "reserved" };
  return { ok: true };
}

/** The host exactly as written in the URL text (after the scheme, before the port), lower-cased. */
function writtenHost(value: string): string | undefined {
  const authority = /^https?:\/\/([^/?#\\]*)/i.exec(value.trim())?.[1];
  if (authority === undefined) return undefined;
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1).toLowerCase();
  const colon = host.indexOf(":");
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/**
 * Whether a webhook may be registered at this URL: https to a public host (http only to loopback,
 * and loopback only with `allowLoopback`), no credentials in the URL, an IP address only in its
 * canonical form, and no host name that names this machine, a private network or a metadata
 * service. A public host name still has to resolve to public addresses at delivery.
 */
export function checkWebhookUrl(value: string, options: TargetOptions = {}): TargetVerdict {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "scheme" };
  if (url.username || url.password) return { ok: false, reason: "credentials" };
  const host = url.hostname.replace(/\.$/, "");
  if (!host) return { ok: false, reason: "invalid" };
  const ip = host.startsWith("[") || IPV4_CANONICAL.test(host) ? canonicalIp(host) : undefined;
  let verdict: TargetVerdict;
  let loopback: boolean;
  if (ip) {
    // 0x7f000001, 2130706433, 0177.0.0.1 and 127.1 all parse to 127.0.0.1: only that spelling is accepted.
    if (writtenHost(value) !== url.hostname) return { ok: false, reason: "non-canonical" };
    verdict = classifyAddress(ip.text, options);
    loopback = verdict.ok && classifyAddress(ip.text).ok === false;
  } else {
    const name = host.toLowerCase();
    loopback = name === "localhost";
    if (loopback) verdict = options.allowLoopback ? { ok: true } : { ok: false, reason: "loopback" };
    else if (BLOCKED_NAMES.has(name) || BLOCKED_SUFFIXES.some((s) => name.endsWith(s)) || !name.includes(".")) verdict = { ok: false, reason: "hostname" };
    else verdict = { ok: true };
  }
  if (!verdict.ok) return verdict;
  if (url.protocol === "http:" && !loopback) return { ok: false, reason: "scheme" };
  return { ok: true };
}
