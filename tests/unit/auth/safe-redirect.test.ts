// M1 (security review): `redirectTo` after sign-in, step-up, a language change or a condition is
// followed only to a path on this site. Each refused value below is a way a browser turns a
// string that starts with "/" into another origin (or a script), directly or after percent-
// decoding or after dropping the tabs, newlines and spaces URL parsers ignore.
import { safeRedirect } from "~/auth/safe-redirect";
import { safeRedirect as fromSession } from "~/auth/session.server";

const REFUSED: Array<[string, string]> = [
  ["protocol-relative", "//evil.example"],
  ["slash backslash", "/\\evil.example"],
  ["backslash slash", "\\/evil.example"],
  ["two backslashes", "\\\\evil.example"],
  ["slash, two backslashes", "/\\\\evil.example"],
  ["backslash later in the path", "/app\\..\\\\evil.example"],
  ["raw tab between the slashes", "/\t/evil.example"],
  ["raw newline between the slashes", "/\n/evil.example"],
  ["raw carriage return between the slashes", "/\r/evil.example"],
  ["raw vertical tab and form feed", "/\u000b\u000c/evil.example"],
  ["raw space between the slashes", "/ /evil.example"],
  ["leading space", " //evil.example"],
  ["leading tab", "\t/app"],
  ["raw no-break space", "/\u00a0/evil.example"],
  ["zero-width space", "/\u200b/evil.example"],
  ["encoded tab", "/%09/evil.example"],
  ["encoded newline", "/%0a/evil.example"],
  ["encoded carriage return", "/%0D/evil.example"],
  ["encoded space", "/%20/evil.example"],
  ["encoded NUL", "/%00/evil.example"],
  ["encoded ideographic space", "/%E3%80%80/evil.example"],
  ["fully encoded protocol-relative", "%2F%2Fevil.example"],
  ["encoded second slash", "/%2f/evil.example"],
  ["encoded second slash, upper case", "/%2F%2Fevil.example"],
  ["double-encoded second slash", "/%252F/evil.example"],
  ["encoded backslash", "/%5Cevil.example"],
  ["encoded backslash later", "/app/%5C%5Cevil.example"],
  ["dot segments, encoded", "/.%2e/"],
  ["dot segments to another host", "/.%2e//evil.example"],
  ["https URL", "https://evil.example/phish"],
  ["http URL", "http://evil.example"],
  ["scheme without slashes", "http:evil.example"],
  ["javascript URL", "javascript:alert(document.domain)"],
  ["javascript URL, encoded", "javascript%3Aalert(1)"],
  ["data URL", "data:text/html,<script>alert(1)</script>"],
  ["relative without a slash", "evil.example"],
  ["query only", "?next=//evil.example"],
  ["malformed percent-encoding", "/app/%E0%A4%A"],
  ["empty", ""],
  ["too long", `/app/${"a".repeat(2000)}`],
];

const ALLOWED = [
  "/",
  "/app",
  "/app/decisions/dec_01JABC?flash=approved&gate=conditional",
  "/app/portfolio?q=Minera%20Los%20Andes%20S.A.C.&risk=high&page=2",
  "/app/clients/cli_1#conditions",
  "/app/admin/audit?action=auth.sign-in.failed&from=2026-12-01",
  "/login?redirectTo=%2Fapp%2Fadmin%2Fusers",
  "/respond/section/gov?lang=es",
  "/app/clients/cli_%C3%B1",
];

describe("safeRedirect", () => {
  it.each(REFUSED)("refuses %s", (_name, value) => {
    expect(safeRedirect(value)).toBe("/app");
    expect(safeRedirect(value, "/respond")).toBe("/respond");
  });

  it("has at least the report's 18 refused probes", () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(18);
  });

  it.each(ALLOWED)("follows the site path %s unchanged, with its query", (value) => {
    expect(safeRedirect(value)).toBe(value);
  });

  it("falls back for values that are not text", () => {
    expect(safeRedirect(null)).toBe("/app");
    expect(safeRedirect(undefined, "/")).toBe("/");
    expect(safeRedirect(new File(["//evil.example"], "x.txt"))).toBe("/app");
  });

  it("is the function the session module gives every route", () => {
    expect(fromSession).toBe(safeRedirect);
  });
});
