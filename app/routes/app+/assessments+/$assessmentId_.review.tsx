import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ScreeningSection } from "~/components/screening-section";
import { clientScreening } from "~/services/screening.server";
import { z } from "zod";
import { requestLang } from "~/auth/cookies.server";
import { hasPermission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidenceDocumentCard, EvidenceDocumentReference } from "~/components/evidence-document";
import { RiskReviewFlags } from "~/components/risk-review-flags";
import { useLang } from "~/components/i18n";
import { ScoreChart } from "~/components/score-chart";
import { reads } from "~/db.server";
import { DomainError, InvalidInputError } from "~/domain/errors";
import { countryName, riskSourceLabel } from "~/domain/risk/inherent-risk";
import { goodName } from "~/i18n/clients";
import { toResponse } from "~/errors-http.server";
import { rt, type ReviewKey } from "~/i18n/review";
import { assessmentDecisions } from "~/repositories/decisions.server";
import { returnAssessment, reviewDocument, reviewView, startReview } from "~/services/review.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:assessment:any");
  const lang = await requestLang(request);
  try {
    const db = reads();
    const view = await reviewView(staff.institutionId, params.assessmentId ?? "", lang, db);
    const flash = new URL(request.url).searchParams.get("flash");
    return {
      ...view,
      // After a document review the message compares the assessment's two latest stored results
      // (never numbers from the URL, which anyone could edit).
      scoreChange: flash === "accepted" || flash === "rejected" ? scoreChange(view.history) : null,
      decisions: await assessmentDecisions(staff.institutionId, view.assessment.id, db),
      // The bank's own screening, beside the result (issue 15, O13): a confirmed listing is a
      // critical red flag; an undisposed match blocks the proposal.
      screening: await clientScreening(staff.institutionId, view.client.id, db),
      canReview: hasPermission(staff.roles, "review:assessment:any"),
      canPropose: hasPermission(staff.roles, "propose:decision:any"),
    };
  } catch (error) {
    throw toResponse(error);
  }
}

const DocumentSchema = z.object({
  intent: z.enum(["accept-document", "reject-document"]),
  documentId: z.string().min(1).max(100),
  reason: z.string().trim().max(1000).optional(),
});
// Comment fields are named `comment:<question id>` (ids contain dots, which form parsers nest).
const ReturnSchema = z.object({
  message: z.string().trim().max(5000).optional(),
  comments: z.array(z.object({ questionId: z.string().min(1).max(200), comment: z.string().max(5000) })).max(500),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "review:assessment:any");
  const assessmentId = params.assessmentId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const now = new Date();
  const base = `/app/assessments/${encodeURIComponent(assessmentId)}/review`;
  try {
    if (intent === "start-review") {
      await startReview(staff, assessmentId, now);
      return redirect(`${base}?flash=started`);
    }
    if (intent === "accept-document" || intent === "reject-document") {
      const submission = parseWithZod(formData, { schema: DocumentSchema });
      if (submission.status !== "success") return data({ intent, documentId: String(formData.get("documentId") ?? ""), error: "review.error.reason" as ReviewKey }, { status: 400 });
      const v = submission.value;
      await reviewDocument(staff, { assessmentId, documentId: v.documentId, verdict: v.intent === "accept-document" ? "accept" : "reject", reason: v.reason ?? null }, now);
      return redirect(`${base}?flash=${v.intent === "accept-document" ? "accepted" : "rejected"}#doc-${v.documentId}`);
    }
    if (intent === "return") {
      const parsed = ReturnSchema.safeParse({
        message: formData.get("message") ?? undefined,
        comments: [...formData.entries()]
          .filter(([name, value]) => name.startsWith("comment:") && typeof value === "string")
          .map(([name, value]) => ({ questionId: name.slice("comment:".length), comment: String(value) })),
      });
      if (!parsed.success) return data({ intent, documentId: null, error: "review.error.comments" as ReviewKey }, { status: 400 });
      const out = await returnAssessment(staff, { assessmentId, comments: parsed.data.comments, message: parsed.data.message ?? null }, now);
      return redirect(`${base}?flash=returned&count=${out.commentCount}`);
    }
    throw new InvalidInputError(`Unknown intent "${intent}"`);
  } catch (error) {
    if (error instanceof InvalidInputError && error.details.length > 0) {
      const key: ReviewKey = intent === "return" ? "review.error.comments" : "review.error.reason";
      return data({ intent, documentId: String(formData.get("documentId") ?? ""), error: key }, { status: 400 });
    }
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

const FLASH: Record<string, ReviewKey> = {
  accepted: "review.flash.accepted",
  rejected: "review.flash.rejected",
  started: "review.flash.started",
  returned: "review.flash.returned",
  proposed: "review.flash.proposed",
};

type HistoryRow = { score: number | null; band: string | null; residualRisk: string };

/** The latest result against the one before it, when the assessment has both. */
function scoreChange(history: readonly HistoryRow[]) {
  const [after, before] = history;
  if (!after || !before) return null;
  return { before: before.score, after: after.score, band: after.band, riskBefore: before.residualRisk, riskAfter: after.residualRisk };
}

function fmt(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : String(Math.round(n * 100) / 100);
}

type Declared = { sourcingCountries: string[]; goods: string[]; migrantOrigins: string[]; added: { sourcingCountries: string[]; goods: string[] } };

/** What the client declared in its answers, merged into the inherent risk (engine 2, O7). */
function DeclaredFacts({ facts, profileLevel, profilePoints }: { facts: Declared; profileLevel: string; profilePoints: number }) {
  const lang = useLang();
  const t = (key: ReviewKey, vars?: Record<string, string | number>) => rt(lang, key, vars);
  const countries = (codes: string[]) => (codes.length ? codes.map((c) => countryName(c, lang)).join(", ") : t("review.declared.none"));
  const goods = (names: string[]) => (names.length ? names.map((g) => goodName(lang, g)).join(", ") : t("review.declared.none"));
  return (
    <div className="mt-4" data-testid="declared-facts">
      <h3>{t("review.declared.title")}</h3>
      <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="font-medium">{t("review.declared.sourcing")}</dt>
        <dd>{countries(facts.sourcingCountries)}</dd>
        <dt className="font-medium">{t("review.declared.goods")}</dt>
        <dd>{goods(facts.goods)}</dd>
        <dt className="font-medium">{t("review.declared.origins")}</dt>
        <dd>{countries(facts.migrantOrigins)}</dd>
        <dt className="font-medium">{t("review.declared.added")}</dt>
        <dd>{facts.added.sourcingCountries.length + facts.added.goods.length > 0 ? [countries(facts.added.sourcingCountries), goods(facts.added.goods)].filter((x) => x !== t("review.declared.none")).join("; ") : t("review.declared.nothingAdded")}</dd>
      </dl>
      <p className="mt-1 text-sm text-slate-700">{t("review.declared.profileRisk", { level: profileLevel, points: profilePoints })}</p>
    </div>
  );
}

/** The engine's exact arithmetic, for whoever wants to redo it (also in the JSON and the CLI). */
function Calculation({ label, lines }: { label: string; lines: string[] }) {
  if (lines.every((l) => l === "")) return null;
  return (
    <details data-calculation className="mt-1 text-sm text-slate-700">
      <summary className="cursor-pointer underline">{label}</summary>
      {lines.map((l, i) => (
        <p key={i} className="font-mono text-xs">
          {l}
        </p>
      ))}
    </details>
  );
}

export default function ReviewPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const lang = useLang();
  const t = (key: ReviewKey, vars?: Record<string, string | number>) => rt(lang, key, vars);
  const flashKey = FLASH[searchParams.get("flash") ?? ""];
  const { assessment, client, result, sections, canReview, canPropose } = view;
  const band = (b: string | null | undefined) => (b ? t(`band.${b}` as ReviewKey) : "—");
  const risk = (r: string) => t(`risk.${r}` as ReviewKey);
  const actionable = canReview && assessment.isReviewable;
  return (
    <div>
      <p className="text-sm">
        <Link to={`/app/assessments/${assessment.id}`} className="underline">
          {t("review.back")}
        </Link>
      </p>
      <h1 className="mt-2">{t("review.title", { client: client.name })}</h1>
      <p className="mt-1 text-sm text-slate-700">
        {t("review.subtitle", {
          questionnaire: assessment.questionnaireTitle,
          version: assessment.questionnaireVersion,
          submitted: assessment.submittedAt?.slice(0, 10) ?? "—",
          status: t(`status.${assessment.status}` as ReviewKey),
        })}
      </p>
      {flashKey ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t(flashKey, { count: searchParams.get("count") ?? "" })}
          {view.scoreChange ? (
            <span data-testid="score-change">
              {" "}
              {t(view.scoreChange.riskBefore === view.scoreChange.riskAfter ? "review.scoreChange" : "review.scoreChangeRisk", {
                before: view.scoreChange.before === null ? "—" : view.scoreChange.before.toFixed(1),
                after: view.scoreChange.after === null ? "—" : view.scoreChange.after.toFixed(1),
                band: band(view.scoreChange.band),
                residual: risk(view.scoreChange.riskAfter),
                riskBefore: risk(view.scoreChange.riskBefore),
                riskAfter: risk(view.scoreChange.riskAfter),
              })}
            </span>
          ) : null}
        </p>
      ) : null}
      {actionData && actionData.intent === "return" ? (
        <p role="alert" className="mt-4 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900">
          {t(actionData.error)}
        </p>
      ) : null}
      {!canReview ? <p className="mt-4 text-sm text-slate-700">{t("review.readOnly")}</p> : null}
      <ScreeningSection clientId={client.id} screening={view.screening} canReview={view.canPropose} />
      <div className="mt-4 flex flex-wrap gap-3">
        {canReview && assessment.status === "submitted" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="start-review" />
            <button type="submit" className="btn-secondary" aria-describedby="start-help">
              {t("review.startReview")}
            </button>
            <span id="start-help" className="sr-only">
              {t("review.startReview.help")}
            </span>
          </Form>
        ) : null}
        {canPropose && assessment.isReviewable && result ? (
          <Link to={`/app/assessments/${assessment.id}/decision`} className="btn">
            {t("review.proposeLink")}
          </Link>
        ) : null}
      </div>

      {!result ? (
        <p className="mt-6">{t("review.notSubmitted")}</p>
      ) : (
        <>
          <section aria-labelledby="scores-h" className="card mt-6">
            <h2 id="scores-h">{t("review.overall")}</h2>
            <p className="mt-2 text-2xl font-bold" data-testid="overall-score">
              {result.overall.score === null ? t("review.noScore") : t("review.overallValue", { score: result.overall.score.toFixed(1), band: band(result.overall.band) })}
            </p>
            <p className="mt-1 text-sm text-slate-700">{result.overall.why}</p>
            <Calculation label={t("review.calculation")} lines={[result.overall.calculation]} />
            <h3 className="mt-4">{t("review.sections")}</h3>
            <ScoreChart
              caption={t("review.chartCaption")}
              items={sections.map((s) => ({ key: s.key, label: s.title, value: s.score, band: s.band, note: s.band ? band(s.band) : null }))}
            />
          </section>

          <section aria-labelledby="flags-h" className="card mt-6">
            <h2 id="flags-h">{t("review.redFlags")}</h2>
            {result.redFlags.length === 0 ? (
              <p className="mt-2">{t("review.noRedFlags")}</p>
            ) : (
              <ul className="mt-2 space-y-3">
                {result.redFlags.map((f) => (
                  <li key={`${f.code}-${f.questionId}`} className={`border-l-4 pl-3 ${f.severity === "critical" ? "border-red-800" : "border-amber-700"}`}>
                    <p className="font-semibold">
                      <span aria-hidden="true">{f.severity === "critical" ? "⛔ " : "⚠ "}</span>
                      {f.title} · {t(`severity.${f.severity}` as ReviewKey)}
                    </p>
                    <p>{f.message}</p>
                    <p className="text-sm text-slate-700">
                      <a href={`#q-${f.questionId}`} className="underline">
                        {t("review.flagQuestion", { text: f.questionText })}
                      </a>
                    </p>
                    <p className="text-sm">{t("review.flagAnswer", { answer: f.answerLabel })}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="risk-h" className="card mt-6">
            <h2 id="risk-h">{t("review.inherent")}</h2>
            <p className="mt-2">{t("review.inherentValue", { level: risk(result.inherentRisk.level), points: result.inherentRisk.points })}</p>
            <RiskReviewFlags flags={result.inherentRisk.reviewFlags ?? []} lang={lang} heading={t("review.riskReviewNeeded")} />
            <table className="table mt-2">
              <thead>
                <tr>
                  <th scope="col">{t("review.component")}</th>
                  <th scope="col">{t("review.value")}</th>
                  <th scope="col">{t("review.points")}</th>
                  <th scope="col">{t("review.source")}</th>
                  <th scope="col">{t("review.year")}</th>
                </tr>
              </thead>
              <tbody>
                {result.inherentRisk.components.map((c) => (
                  <tr key={`${c.kind}-${c.value}`}>
                    <th scope="row">{t(`kind.${c.kind}` as ReviewKey)}</th>
                    <td>
                      {c.value}
                      <span className="block text-sm text-slate-700">{lang === "es" ? c.explanationEs : c.explanation}</span>
                    </td>
                    <td>{c.points}</td>
                    <td>{riskSourceLabel(c.source, lang)}</td>
                    <td>{c.year}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result.declaredFacts ? <DeclaredFacts facts={result.declaredFacts} profileLevel={risk(result.declaredFacts.profileInherentRisk.level)} profilePoints={result.declaredFacts.profileInherentRisk.points} /> : null}
            {result.consistency.length > 0 ? (
              <div className="mt-4" data-testid="consistency">
                <h3>{t("review.consistency")}</h3>
                <ul className="mt-1 list-inside list-disc">
                  {result.consistency.map((c) => (
                    <li key={c.id}>{c.explanation.charAt(0).toUpperCase() + c.explanation.slice(1)}.</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <h2 className="mt-6">
              {t("review.residual")}: <span data-testid="residual-risk">{risk(result.residualRisk)}</span>
            </h2>
            <h3 className="mt-2">{t("review.residualSteps")}</h3>
            <ol className="mt-1 list-inside list-decimal">
              {result.residualExplanation.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
            <Calculation label={t("review.calculation")} lines={result.residualRiskSteps.map((s) => s.text)} />
            <h2 className="mt-6">
              {t("review.recommendation")}: <span data-testid="recommendation">{t(`outcome.${result.recommendation}` as ReviewKey)}</span>
            </h2>
            <p className="text-sm text-slate-700">{t("review.validity", { policy: result.policyName, months: result.validityMonths })}</p>
            <h3 className="mt-4">{t("review.conditions")}</h3>
            {result.conditions.length === 0 ? (
              <p>{t("review.noConditions")}</p>
            ) : (
              <ol className="mt-1 list-inside list-decimal">
                {result.conditions.map((c) => (
                  <li key={c.questionId}>
                    {c.text}{" "}
                    <a href={`#q-${c.questionId}`} className="text-sm text-slate-700 underline">
                      ({c.questionText})
                    </a>
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section aria-labelledby="questions-h" className="mt-8">
            <h2 id="questions-h">{t("review.questions")}</h2>
            {actionable ? <p className="mt-1 text-sm text-slate-700">{t("review.return.help")}</p> : null}
            {sections.map((s) => (
              <section key={s.key} aria-labelledby={`sec-${s.key}`} className="card mt-4">
                <h3 id={`sec-${s.key}`}>{t("review.section", { title: s.title })}</h3>
                <p className="text-sm text-slate-700">
                  {s.score === null ? t("review.noScore") : `${s.score.toFixed(1)} / 100 (${band(s.band)})`} · {t("review.sectionSummary", { earned: fmt(s.earned), possible: fmt(s.possible), weight: s.weight })}
                </p>
                <ol className="mt-3 space-y-4">
                  {s.questions.map((q) => (
                    <li key={q.id} id={`q-${q.id}`} className={`border-t border-slate-200 pt-3 ${q.visible ? "" : "opacity-80"}`}>
                      {/* Questions that need the reviewer (points lost, a flag, evidence to review) start open. */}
                      <details open={q.needsAttention}>
                      <summary className="cursor-pointer font-medium">
                        {q.text} <span className="text-sm font-normal text-slate-700">· {t("review.earned", { earned: fmt(q.earned), possible: fmt(q.possible) })}</span>
                      </summary>
                      {!q.visible ? <p className="text-sm italic text-slate-700">{t("review.hidden")}</p> : null}
                      <dl className="mt-1 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
                        <dt className="font-semibold">{t("review.answer")}</dt>
                        <dd data-testid={`answer-${q.id}`}>{q.answer || t("review.noAnswer")}</dd>
                        <dt className="font-semibold">{t("review.points")}</dt>
                        <dd data-testid={`points-${q.id}`}>{t("review.earned", { earned: fmt(q.earned), possible: fmt(q.possible) })}</dd>
                        <dt className="font-semibold">{t("review.why")}</dt>
                        <dd>
                          {q.why}
                          <Calculation label={t("review.calculation")} lines={[q.calculation]} />
                        </dd>
                        {q.sources.length > 0 ? (
                          <>
                            <dt className="font-semibold">{t("review.sources")}</dt>
                            <dd>
                              <ul>
                                {q.sources.map((source) => (
                                  <li key={source}>{source}</li>
                                ))}
                              </ul>
                            </dd>
                          </>
                        ) : null}
                        {q.comment ? (
                          <>
                            <dt className="font-semibold">{t("review.respondentComment")}</dt>
                            <dd>{q.comment}</dd>
                          </>
                        ) : null}
                      </dl>
                      {q.evidenceCredit !== null || q.documents.length > 0 ? (
                        <div className="mt-2">
                          <p className="text-sm font-semibold">{t("review.evidence")}</p>
                          {q.evidenceCredit !== null ? <p className="text-sm text-slate-700">{t("review.evidenceExpected", { credit: Math.round(q.evidenceCredit * 100) })}</p> : null}
                          {q.documents.length === 0 ? <p className="text-sm">{t("review.noEvidence")}</p> : null}
                          <ul className="mt-1 space-y-2">
                            {q.documents.map((d) => {
                              const error = actionData && actionData.intent !== "return" && actionData.documentId === d.id ? actionData.error : null;
                              if (d.shownWith.questionId !== q.id) {
                                return (
                                  <li key={d.id} className="rounded border border-slate-300 p-2" data-testid={`doc-ref-${q.id}-${d.id}`}>
                                    <EvidenceDocumentReference doc={d} lang={lang} shownWith={d.shownWith} />
                                    <p className="text-sm">
                                      {t("review.docState")}: <strong>{t(`doc.${d.state}` as ReviewKey)}</strong>
                                    </p>
                                  </li>
                                );
                              }
                              return (
                                <li key={d.id} id={`doc-${d.id}`} className="rounded border border-slate-300 p-2" data-testid={`doc-${d.id}`}>
                                  <EvidenceDocumentCard assessmentId={assessment.id} doc={d} lang={lang} currentQuestionId={q.id}>
                                  <p className="text-sm">
                                    {t("review.docState")}: <strong data-testid={`doc-state-${d.id}`}>{t(`doc.${d.state}` as ReviewKey)}</strong>
                                    {d.reviewedBy && d.reviewedAt ? ` — ${t("review.reviewedBy", { state: t(`doc.${d.state}` as ReviewKey), name: d.reviewedBy, date: d.reviewedAt.slice(0, 10) })}` : null}
                                    {d.reason ? ` — ${d.reason}` : null}
                                  </p>
                                  {actionable ? (
                                    <div className="mt-1 flex flex-wrap items-start gap-3">
                                      <Form method="post">
                                        <input type="hidden" name="documentId" value={d.id} />
                                        <button type="submit" name="intent" value="accept-document" className="btn-secondary py-1" disabled={d.state === "accepted"}>
                                          {t("review.accept")}
                                          <span className="sr-only"> {d.fileName}</span>
                                        </button>
                                      </Form>
                                      <Form method="post" className="flex flex-wrap items-start gap-2">
                                        <input type="hidden" name="documentId" value={d.id} />
                                        <div>
                                          <label htmlFor={`reason-${d.id}`} className="sr-only">
                                            {t("review.rejectReason", { name: d.fileName })}
                                          </label>
                                          <input
                                            id={`reason-${d.id}`}
                                            name="reason"
                                            className="input py-1"
                                            placeholder={t("review.reason")}
                                            aria-invalid={error ? true : undefined}
                                            aria-describedby={error ? `reason-${d.id}-error` : undefined}
                                          />
                                          <div id={`reason-${d.id}-error`} className="min-h-[1.25rem] text-sm text-red-800" aria-live="polite">
                                            {error ? t(error) : null}
                                          </div>
                                        </div>
                                        <button type="submit" name="intent" value="reject-document" className="btn-danger py-1" disabled={d.state === "rejected"}>
                                          {t("review.reject")}
                                          <span className="sr-only"> {d.fileName}</span>
                                        </button>
                                      </Form>
                                    </div>
                                  ) : null}
                                  </EvidenceDocumentCard>
                                </li>
                              );
                            })}
                          </ul>
                        </div>
                      ) : null}
                      {actionable ? (
                        <div className="mt-2">
                          <label htmlFor={`comment-${q.id}`} className="text-sm font-medium">
                            {t("review.returnComment")}
                          </label>
                          <textarea id={`comment-${q.id}`} name={`comment:${q.id}`} form="return-form" rows={2} className="input" />
                        </div>
                      ) : null}
                      </details>
                    </li>
                  ))}
                </ol>
              </section>
            ))}
          </section>

          {actionable ? (
            <section aria-labelledby="return-h" className="card mt-6">
              <h2 id="return-h">{t("review.return")}</h2>
              <p className="mt-1 text-sm text-slate-700">{t("review.return.help")}</p>
              <Form method="post" id="return-form" className="mt-2">
                <input type="hidden" name="intent" value="return" />
                <label htmlFor="return-message" className="text-sm font-medium">
                  {t("review.returnMessage")}
                </label>
                <textarea id="return-message" name="message" rows={3} className="input" />
                <button type="submit" className="btn-secondary mt-3">
                  {t("review.returnSubmit")}
                </button>
              </Form>
            </section>
          ) : null}
        </>
      )}

      {view.comments.length > 0 ? (
        <section aria-labelledby="comments-h" className="card mt-6">
          <h2 id="comments-h">{t("review.previousComments")}</h2>
          <ul className="mt-2 space-y-2">
            {view.comments.map((c) => (
              <li key={c.id}>
                <strong>{c.questionText}</strong>: {c.comment}{" "}
                <span className="text-sm text-slate-700">
                  ({c.authorName}, {c.createdAt.slice(0, 16).replace("T", " ")})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {view.decisions.length > 0 ? (
        <section aria-labelledby="decisions-h" className="card mt-6">
          <h2 id="decisions-h">{t("review.decisions")}</h2>
          <ul className="mt-2 space-y-1">
            {view.decisions.map((d) => (
              <li key={d.id}>
                <Link to={`/app/decisions/${d.id}`} className="underline">
                  {t(`outcome.${d.outcome}` as ReviewKey)}
                </Link>{" "}
                — {t(`decisionStatus.${d.status}` as ReviewKey)} ({d.proposerName}, {d.proposedAt.slice(0, 10)})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="history-h" className="card mt-6">
        <h2 id="history-h">{t("review.history")}</h2>
        <table className="table mt-2">
          <caption className="sr-only">{t("review.historyCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("review.when")}</th>
              <th scope="col">{t("review.reason")}</th>
              <th scope="col">{t("review.score")}</th>
              <th scope="col">{t("review.band")}</th>
              <th scope="col">{t("review.residual")}</th>
              <th scope="col">{t("review.recommendation")}</th>
            </tr>
          </thead>
          <tbody>
            {view.history.map((h) => (
              <tr key={h.id} data-testid="history-row">
                <td>
                  {h.createdAt.slice(0, 19).replace("T", " ")} {h.isCurrent ? <strong>({t("review.current")})</strong> : null}
                </td>
                <td>{h.reason === "submission" || h.reason === "evidence-review" ? t(`reason.${h.reason}`) : h.reason}</td>
                <td>{h.score === null ? "—" : h.score.toFixed(1)}</td>
                <td>{band(h.band)}</td>
                <td>{risk(h.residualRisk)}</td>
                <td>{t(`outcome.${h.recommendation}` as ReviewKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
