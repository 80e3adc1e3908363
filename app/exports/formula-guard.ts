// The one spreadsheet formula guard for every export (CSV and XLSX; issue 13, L5). A spreadsheet
// runs a cell as a formula when it starts with =, +, -, @ (or their full-width forms, which
// East Asian input methods produce and Excel accepts), and some also after leading tab, CR, LF or
// spaces. A cell is also dangerous where one of those follows a separator: opened with another
// list separator (";" in Spanish-language locales) or by a reader that splits lines naively,
// `a;=HYPERLINK("http://evil.example")` becomes a cell starting with "=". Numbers are written as
// numbers by both writers and never need the guard; "-3.5" as text does.
// Pure: no I/O.

/** Characters that start a formula: = + - @ tab CR LF, and full-width ＝ ＋ － ＠. */
const TRIGGER = "=+\\-@\\t\\r\\n\\uFF1D\\uFF0B\\uFF0D\\uFF20";
/** Separators a spreadsheet may split a cell at: ; , tab, CR, LF. */
const SEPARATOR = ";,\\t\\r\\n";

const AT_START = new RegExp(`^[ ]*[${TRIGGER}]`);
const AFTER_SEPARATOR = new RegExp(`[${SEPARATOR}][ ]*[${TRIGGER}]`);
const SEPARATED_TRIGGER = new RegExp(`([${SEPARATOR}])([ ]*)(?=[${TRIGGER}])`, "g");

/** True when a text cell would, or could once split at a separator, be run as a formula. */
export function needsFormulaGuard(text: string): boolean {
  return AT_START.test(text) || AFTER_SEPARATOR.test(text);
}

/**
 * The guarded text: a leading apostrophe (spreadsheets show it as "text, not a formula"), and
 * one after every separator that a trigger follows, so each piece of a split cell stays text too.
 * Text that needs no guard is returned unchanged.
 */
export function guardFormula(text: string): string {
  if (!needsFormulaGuard(text)) return text;
  return `'${text.replace(SEPARATED_TRIGGER, "$1$2'")}`;
}
