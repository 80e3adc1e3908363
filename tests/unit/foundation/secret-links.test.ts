// The masking of secret links (H3, issue 13): respondent and invitation tokens keep only their
// first characters, everything else in the message is left exactly as it was.
import { hasSecretLinks, maskSecretLinks, MASK_KEEP } from "~/domain/secret-links";

const RSP = "pvn_rsp_AbCd3fGhIjKlMnOpQrStUvWxYz0123456789-_abc";
const INV = "Zy9_xWvUtSrQpOnMlKjIhGfEdCbA0123456789-_zyxwv";

describe("maskSecretLinks", () => {
  it.each([
    [`Open http://localhost:3000/r/${RSP}\nThanks`, "Open http://localhost:3000/r/pvn_rsp_AbCd…\nThanks"],
    [`Set it at https://bank.example/invitations/${INV} (expires)`, "Set it at https://bank.example/invitations/Zy9_… (expires)"],
    [`bare ${RSP}`, "bare pvn_rsp_AbCd…"],
    [`two: /r/${RSP} and /r/${RSP.replace("AbCd", "QQQQ")}`, "two: /r/pvn_rsp_AbCd… and /r/pvn_rsp_QQQQ…"],
    ["no link at all, only the word pvn_rsp_ and /invitations/", "no link at all, only the word pvn_rsp_ and /invitations/"],
    ["already masked /r/pvn_rsp_AbCd… and /invitations/Zy9_…", "already masked /r/pvn_rsp_AbCd… and /invitations/Zy9_…"],
    ["Ñandú «comillas» /r/pvn_rsp_abcde", "Ñandú «comillas» /r/pvn_rsp_abcd…"],
  ])("%j → %j", (input, expected) => {
    expect(maskSecretLinks(input)).toBe(expected);
    expect(maskSecretLinks(expected)).toBe(expected);
  });

  it(`keeps ${MASK_KEEP} characters, far too few to use or guess the 43-character token`, () => {
    const masked = maskSecretLinks(RSP);
    expect(masked).toBe(`pvn_rsp_${RSP.slice(8, 8 + MASK_KEEP)}…`);
    expect(masked).not.toMatch(/pvn_rsp_[A-Za-z0-9_-]{5,}/);
  });

  it("tells whether a text carries a live token", () => {
    expect(hasSecretLinks(`x /r/${RSP}`)).toBe(true);
    expect(hasSecretLinks(`x /invitations/${INV}`)).toBe(true);
    expect(hasSecretLinks("x /r/pvn_rsp_AbCd…")).toBe(false);
  });
});
