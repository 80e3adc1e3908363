// Issue 14 (walkthrough F05, F27): what a bank user reads on the review, proposal, decision, client
// and attestation pages of the demo, and in the attestation PDF, names things by their labels. The
// pages are server-rendered from the demo seed in English and Spanish and their visible text
// (not the "show the calculation" disclosures) is scanned for option values, ids, RF- codes, the
// default policy's id, internal file references and the engine's formula notation.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { assessments, attestations, clients, decisions, documents, results } from "../../db/tables";
import { listQuestionnaires } from "~/services/questionnaires.server";
import * as reviewPage from "~/routes/app+/assessments+/$assessmentId_.review";
import * as decisionPage from "~/routes/app+/decisions+/$decisionId";
import * as proposePage from "~/routes/app+/assessments+/$assessmentId_.decision";
import * as clientPage from "~/routes/app+/clients+/$clientId._index";
import * as attestationPage from "~/routes/app+/attestations+/$id";
import { seedDemo } from "../../scripts/seed-data";
import { seedStages } from "../../scripts/seed-stages";
import { cookieFor, db } from "../helpers/factories";
import { pageRenderer, visibleText } from "../helpers/render-page";

const INSTITUTION = "inst_banco_demo";

/**
 * Question ids, and option values a reader would recognise as codes: hyphenated keys that are not
 * ordinary words of the questionnaires' own prose ("due-diligence" is both).
 */
function questionnaireCodes(): string[] {
  const codes = new Set<string>();
  const prose: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") prose.push(value.toLowerCase());
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) if (key === "en" || key === "es" || typeof v === "object") collect(v);
    }
  };
  for (const entry of listQuestionnaires()) {
    collect(entry.questionnaire.sections);
    for (const section of entry.questionnaire.sections) {
      for (const q of section.questions) {
        codes.add(q.id);
        for (const o of q.options ?? []) if (o.value.includes("-")) codes.add(o.value);
      }
    }
  }
  return [...codes].filter((code) => code.includes(".") || !prose.some((p) => p.includes(code)));
}

function findings(text: string, ids: string[], codes: string[]): string[] {
  const found: string[] = [];
  const context = (at: number) => text.slice(Math.max(0, at - 60), at + 60);
  const patterns: Array<[string, RegExp]> = [
    ["RF- code", /\bRF-[A-Z]/g],
    ["policy id", /default-1/g],
    ["internal file", /DOMAIN-RESEARCH|QUESTIONNAIRES\.md|(?<![/\w-])[\w-]+\.json\b/g],
    ["interval notation", /\[\d+(\.\d+)?, ?\d+(\.\d+)?[\])]/g],
    ["approximation formula", /≈/g],
    ["risk level key", /\bvery-high\b/g],
  ];
  for (const [what, re] of patterns) for (const m of text.matchAll(re)) found.push(`${what}: …${context(m.index)}…`);
  for (const id of ids) {
    const at = text.indexOf(id);
    if (at >= 0) found.push(`id ${id}: …${context(at)}…`);
  }
  for (const code of codes) {
    const re = new RegExp(`(^|[^\\w.-])${code.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`);
    const m = re.exec(text);
    if (m) found.push(`code ${code}: …${context(m.index)}…`);
  }
  return found;
}

describe("the demo's bank pages speak a banker's words", () => {
  it("show labels, names and sentences instead of codes, ids and formulas, in English and Spanish", async () => {
    await seedDemo();
    await seedStages(new Date());
    const tx = db();
    const cookie = await cookieFor({ id: "usr_bd_rm", institutionId: INSTITUTION });
    const clientRows = await tx.select().from(clients).where(eq(clients.institutionId, INSTITUTION));
    const assessmentRows = await tx.select().from(assessments).where(eq(assessments.institutionId, INSTITUTION));
    const decisionRows = await tx.select().from(decisions).where(eq(decisions.institutionId, INSTITUTION));
    const attestationRows = await tx.select().from(attestations).where(eq(attestations.institutionId, INSTITUTION));
    const documentRows = await tx.select().from(documents).where(eq(documents.institutionId, INSTITUTION));
    const resultRows = await tx.select().from(results).where(eq(results.institutionId, INSTITUTION));
    // An attestation's id is its printed reference (what /verify is asked about); every other id is internal.
    const ids = [...clientRows, ...assessmentRows, ...decisionRows, ...documentRows, ...resultRows].map((r) => r.id);
    const codes = questionnaireCodes();
    // The filter keeps the codes F05 saw on the page.
    expect(codes).toEqual(expect.arrayContaining(["rec.worker-paid-fees", "own-operations-only"]));

    const review = pageRenderer("app/assessments/:assessmentId/review", reviewPage);
    const decision = pageRenderer("app/decisions/:decisionId", decisionPage);
    const propose = pageRenderer("app/assessments/:assessmentId/decision", proposePage);
    const client = pageRenderer("app/clients/:clientId", clientPage);
    const attestation = pageRenderer("app/attestations/:id", attestationPage);
    const pages: ReadonlyArray<readonly [string, (lang: "en" | "es") => Promise<{ status: number; html: string }>]> = [
      ...assessmentRows.filter((a) => a.submittedAt !== null).map((a) => [`review ${a.id}`, (lang: "en" | "es") => review(`/app/assessments/${a.id}/review`, cookie, lang)] as const),
      ...assessmentRows.filter((a) => a.status === "submitted" || a.status === "under-review").map((a) => [`proposal ${a.id}`, (lang: "en" | "es") => propose(`/app/assessments/${a.id}/decision`, cookie, lang)] as const),
      ...decisionRows.map((d) => [`decision ${d.id}`, (lang: "en" | "es") => decision(`/app/decisions/${d.id}`, cookie, lang)] as const),
      ...clientRows.map((c) => [`client ${c.name}`, (lang: "en" | "es") => client(`/app/clients/${c.id}`, cookie, lang)] as const),
      ...attestationRows.map((a) => [`attestation ${a.id}`, (lang: "en" | "es") => attestation(`/app/attestations/${a.id}`, cookie, lang)] as const),
    ];
    expect(pages.length).toBeGreaterThan(15);

    const problems: string[] = [];
    for (const [name, render] of pages) {
      for (const lang of ["en", "es"] as const) {
        const { status, html } = await render(lang);
        expect({ name, status }).toEqual({ name, status: 200 });
        for (const f of findings(visibleText(html), ids, codes)) problems.push(`${name} (${lang}) ${f}`);
      }
    }
    for (const row of attestationRows) {
      const file = path.resolve(process.cwd(), `.tmp/banker-words-${process.pid}.pdf`);
      fs.writeFileSync(file, row.pdf);
      const text = execFileSync("pdftotext", [file, "-"]).toString("utf8").replace(/\s+/g, " ");
      fs.rmSync(file, { force: true });
      for (const f of findings(text, ids, codes)) problems.push(`attestation PDF ${row.id} ${f}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
