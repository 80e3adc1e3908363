// Canonical JSON (sorted keys, no insignificant whitespace) shared by every hash in the app:
// one implementation, defined with the questionnaire hash it was first written for.
export { canonicalJson } from "./questionnaire/canonical";
