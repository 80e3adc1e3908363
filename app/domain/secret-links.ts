// Links that act as a credential: a respondent link (`/r/pvn_rsp_<token>`) lets whoever holds it
// answer and attest as the client, a staff invitation link (`/invitations/<token>`) sets the
// password of the account it names. Nobody at the bank may read them (PRODUCT.md "Nobody at the
// bank can act as the client"), so every stored or displayed copy of a message carries them
// masked (a client's results link `/c/pvn_cli_<token>` as well): the first MASK_KEEP characters of the token (24 of its 256 bits, not enough to guess
// it) and an ellipsis. Only the delivery path puts the real link back (app/services/outbox.server.ts).

/** Characters of a token kept visible, so staff can tell two messages' links apart. */
export const MASK_KEEP = 4;

const TOKEN = "[A-Za-z0-9_-]";
// A respondent token anywhere (in a link or alone), and the token part of an invitation link.
// Both need more than MASK_KEEP token characters, so an already masked copy is left as it is.
const SECRET_PATTERNS: RegExp[] = [new RegExp(`(pvn_rsp_${TOKEN}{${MASK_KEEP}})${TOKEN}+`, "g"), new RegExp(`(pvn_cli_${TOKEN}{${MASK_KEEP}})${TOKEN}+`, "g"), new RegExp(`(/invitations/${TOKEN}{${MASK_KEEP}})${TOKEN}+`, "g")];

/** The text with every secret token masked (`pvn_rsp_abcd…`, `/invitations/abcd…`). */
export function maskSecretLinks(text: string): string {
  return SECRET_PATTERNS.reduce((masked, pattern) => masked.replace(pattern, "$1…"), text);
}

/** Whether the text carries at least one unmasked secret token. */
export function hasSecretLinks(text: string): boolean {
  return maskSecretLinks(text) !== text;
}
