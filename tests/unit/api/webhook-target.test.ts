// Where a webhook may point (M3, issue 13): public https hosts only; this machine only with
// allowLoopback (WEBHOOKS_ALLOW_LOOPBACK=1); never private networks, metadata services or a
// numeric host written in a non-canonical way.
import { checkWebhookUrl, classifyAddress } from "~/domain/webhook-target";
import { isAllowedWebhookUrl } from "~/schemas/api/webhooks";

// [url, verdict without loopback, verdict with allowLoopback]
const TABLE: Array<[string, string, string]> = [
  // The report's URLs.
  ["https://169.254.169.254/", "private", "private"],
  ["https://169.254.169.254/latest/meta-data/iam/", "private", "private"],
  ["https://10.0.0.1/", "private", "private"],
  ["https://0x7f000001/", "non-canonical", "non-canonical"],
  ["https://metadata.google.internal/", "hostname", "hostname"],
  ["http://127.0.0.1:4201/", "loopback", "ok"],
  ["http://[::1]:4201/", "loopback", "ok"],
  ["http://localhost:4201/", "loopback", "ok"],
  ["https://[::ffff:127.0.0.1]/", "non-canonical", "non-canonical"],
  ["https://[::ffff:7f00:1]/", "reserved", "reserved"],
  ["https://100.64.0.1/", "private", "private"],
  ["https://100.100.100.200/", "private", "private"],
  ["https://192.168.1.1/", "private", "private"],
  ["https://172.16.0.1/", "private", "private"],
  ["https://172.31.255.255/", "private", "private"],
  ["https://[fd00::1]/", "private", "private"],
  ["https://[fe80::1]/", "private", "private"],
  ["https://127.1/", "non-canonical", "non-canonical"],
  ["https://2130706433/", "non-canonical", "non-canonical"],
  ["https://0177.0.0.1/", "non-canonical", "non-canonical"],
  ["https://134744072/", "non-canonical", "non-canonical"],
  ["https://0.0.0.0/", "reserved", "reserved"],
  ["https://255.255.255.255/", "reserved", "reserved"],
  ["https://224.0.0.1/", "reserved", "reserved"],
  ["https://[ff02::1]/", "reserved", "reserved"],
  ["https://[::]/", "reserved", "reserved"],
  ["https://[64:ff9b::7f00:1]/", "reserved", "reserved"],
  ["https://[2002:7f00:1::]/", "reserved", "reserved"],
  ["https://192.0.2.10/", "reserved", "reserved"],
  ["https://localhost./", "loopback", "ok"],
  ["https://app.localhost/", "hostname", "hostname"],
  ["https://printer.local/", "hostname", "hostname"],
  ["https://intranet/", "hostname", "hostname"],
  ["https://metadata/", "hostname", "hostname"],
  ["https://instance-data.ec2.internal/", "hostname", "hostname"],
  // Scheme and credentials.
  ["http://hooks.example.com/", "scheme", "scheme"],
  ["ftp://hooks.example.com/", "scheme", "scheme"],
  ["https://user:pw@hooks.example.com/", "credentials", "credentials"],
  ["not a url", "invalid", "invalid"],
  // Public targets.
  ["https://hooks.example.com/provenant", "ok", "ok"],
  ["https://hooks.example.com:8443/a?b=1#c", "ok", "ok"],
  ["https://HOOKS.Example.COM/", "ok", "ok"],
  ["https://8.8.8.8/", "ok", "ok"],
  ["https://172.32.0.1/", "ok", "ok"],
  ["https://100.128.0.1/", "ok", "ok"],
  ["https://[2606:4700:4700::1111]/", "ok", "ok"],
  ["https://bücher.example/", "ok", "ok"],
];

describe("checkWebhookUrl", () => {
  it.each(TABLE)("%s → %s (with loopback allowed: %s)", (url, strict, loopback) => {
    const verdict = (v: Awaited<ReturnType<typeof checkWebhookUrl>>) => (v.ok ? "ok" : v.reason);
    expect(verdict(checkWebhookUrl(url))).toBe(strict);
    expect(verdict(checkWebhookUrl(url, { allowLoopback: true }))).toBe(loopback);
    expect(isAllowedWebhookUrl(url)).toBe(strict === "ok");
  });

  it("has a table of at least 30 URLs", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
  });
});

describe("classifyAddress (resolved addresses at delivery)", () => {
  it.each([
    ["127.0.0.1", false],
    ["127.255.0.9", false],
    ["10.20.30.40", false],
    ["169.254.169.254", false],
    ["::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:10.0.0.1", false],
    ["fd12:3456::1", false],
    ["fe80::abcd", false],
    ["0.0.0.0", false],
    ["not-an-ip", false],
    ["93.184.215.14", true],
    ["2606:4700:4700::1111", true],
  ] as const)("%s public: %s", (address, allowed) => {
    expect(classifyAddress(address).ok).toBe(allowed);
  });

  it("allows only loopback (127.0.0.0/8, ::1) with allowLoopback", () => {
    expect(classifyAddress("127.0.0.1", { allowLoopback: true }).ok).toBe(true);
    expect(classifyAddress("::1", { allowLoopback: true }).ok).toBe(true);
    expect(classifyAddress("192.168.0.1", { allowLoopback: true }).ok).toBe(false);
    expect(classifyAddress("::ffff:127.0.0.1", { allowLoopback: true }).ok).toBe(false);
  });
});
