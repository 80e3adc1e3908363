// Issue 14 (walkthrough F01): the bank's evidence download is audited; the review page's preview
// route is inline only for PDF, PNG and JPEG, sandboxed and nosniff; pdf.js comes from our own
// origin; the review view lists a document used on several questions once, with its metadata.
// Routes run through Remix's own request handler (see evidence-download.test.ts for why).
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { answerSets, auditEvents, documents, respondents } from "../../db/tables";
import * as bankDownload from "~/routes/app+/assessments+/$assessmentId_.documents.$documentId";
import * as bankPreview from "~/routes/app+/assessments+/$assessmentId_.documents.$documentId_.preview";
import * as pdfjsAsset from "~/routes/pdfjs.$file";
import { reviewView } from "~/services/review.server";
import { cookieFor, createInstitution, createUser, db } from "../helpers/factories";
import { createSubmittedAssessment, DOCUMENT_BYTES, storeDocumentFile } from "../helpers/review-factories";

const APP_PAGE = "<!DOCTYPE html><html><body>the app's HTML page</body></html>";
const fixture = (name: string) => fs.readFileSync(path.resolve(process.cwd(), "tests/fixtures/evidence", name));

function remixHandler(routePath: string, module: object) {
  const build = {
    mode: "production",
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    isSpaMode: false,
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: false, v3_singleFetch: true },
    assets: { entry: { module: "/build/entry.client.js", imports: [] }, routes: {}, url: "/build/manifest.js", version: "test" },
    entry: { module: { default: () => new Response(APP_PAGE, { status: 200, headers: { "Content-Type": "text/html" } }) } },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      resource: { id: "resource", parentId: "root", path: routePath, module },
    },
  } as unknown as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return (url: string, cookie = "") => handle(new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {} }));
}

const download = remixHandler("app/assessments/:assessmentId/documents/:documentId", bankDownload);
const preview = remixHandler("app/assessments/:assessmentId/documents/:documentId/preview", bankPreview);
const pdfjs = remixHandler("pdfjs/:file", pdfjsAsset);

async function setup() {
  const inst = await createInstitution("Banco Vista Previa");
  const rm = await createUser(inst, ["rm"]);
  const sub = await createSubmittedAssessment({ institutionId: inst, sentBy: rm.id });
  return { inst, rm, sub, cookie: await cookieFor(rm) };
}

async function eventsOf(inst: string, action: string) {
  return await db().select().from(auditEvents).where(and(eq(auditEvents.institutionId, inst), eq(auditEvents.action, action)));
}

/** Turns one of the assessment's documents into `bytes` of `mediaType`, stored like an upload. */
async function restore(docId: string, bytes: Buffer, mediaType: string, fileName: string) {
  const sha256 = storeDocumentFile(bytes);
  await db().update(documents).set({ sha256, mediaType, fileName, size: bytes.length }).where(eq(documents.id, docId));
}

describe("bank download of evidence is audited", () => {
  it("writes document.downloaded with the actor, the document and its SHA-256", async () => {
    const { inst, rm, sub, cookie } = await setup();
    const docId = sub.documentOf["gov.policy"]!;
    const res = await download(`/app/assessments/${sub.assessmentId}/documents/${docId}`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; /);
    expect(Buffer.from(await res.arrayBuffer()).equals(DOCUMENT_BYTES)).toBe(true);
    const events = await eventsOf(inst, "document.downloaded");
    expect(events).toHaveLength(1);
    const stored = (await db().select().from(documents).where(eq(documents.id, docId)))[0]!;
    expect(events[0]).toMatchObject({ actorType: "user", actorId: rm.id, subjectType: "document", subjectId: docId, after: { assessmentId: sub.assessmentId, sha256: stored.sha256, size: DOCUMENT_BYTES.length } });
  });

  it("writes nothing for another institution's document (404) or a missing file", async () => {
    const { inst, sub } = await setup();
    const outsiderInst = await createInstitution("Otro Banco");
    const outsider = await cookieFor(await createUser(outsiderInst, ["rm", "admin"]));
    const docId = sub.documentOf["gov.policy"]!;
    expect((await download(`/app/assessments/${sub.assessmentId}/documents/${docId}`, outsider)).status).toBe(404);
    await db().update(documents).set({ sha256: "1".repeat(64) }).where(eq(documents.id, docId));
    const rm = await cookieFor(await createUser(inst, ["rm"]));
    expect((await download(`/app/assessments/${sub.assessmentId}/documents/${docId}`, rm)).status).toBe(404);
    expect(await eventsOf(inst, "document.downloaded")).toEqual([]);
    expect(await eventsOf(outsiderInst, "document.downloaded")).toEqual([]);
  });
});

describe("preview route", () => {
  it("is a resource route: no component, no ErrorBoundary", () => {
    expect(Object.keys(bankPreview).sort()).toEqual(["loader"]);
    expect(Object.keys(pdfjsAsset).sort()).toEqual(["loader"]);
  });

  it.each([
    ["policy.pdf", "application/pdf", "inline"],
    ["photo.png", "image/png", "inline"],
    ["photo.jpg", "image/jpeg", "inline"],
    ["statement.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"],
    ["audits.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"],
  ])("serves %s as %s, %s, sandboxed and nosniff, with the exact bytes", async (name, mediaType, disposition) => {
    const { inst, sub, cookie } = await setup();
    const docId = sub.documentOf["gov.policy"]!;
    const bytes = fixture(name);
    await restore(docId, bytes, mediaType, `Acta ñ ${name}`);
    const res = await preview(`/app/assessments/${sub.assessmentId}/documents/${docId}/preview`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(mediaType);
    const encoded = encodeURIComponent(`Acta ñ ${name}`);
    expect(res.headers.get("Content-Disposition")).toBe(`${disposition}; filename="Acta _ ${name}"; filename*=UTF-8''${encoded}`);
    expect(res.headers.get("Content-Security-Policy")).toBe("sandbox");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    // The page's own preview is not a download: nothing is audited.
    expect(await eventsOf(inst, "document.downloaded")).toEqual([]);
  });

  it("never serves a stored type outside the evidence types inline", async () => {
    const { sub, cookie } = await setup();
    const docId = sub.documentOf["gov.policy"]!;
    await db().update(documents).set({ mediaType: "text/html" }).where(eq(documents.id, docId));
    const res = await preview(`/app/assessments/${sub.assessmentId}/documents/${docId}/preview`, cookie);
    expect(res.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; /);
    expect(res.headers.get("Content-Security-Policy")).toBe("sandbox");
  });

  it("answers the same plain 404 for another institution's document, a made-up id and a missing file", async () => {
    const { sub, cookie } = await setup();
    const outsider = await cookieFor(await createUser(await createInstitution("Otro Banco"), ["rm", "admin"]));
    const docId = sub.documentOf["gov.policy"]!;
    const foreign = await preview(`/app/assessments/${sub.assessmentId}/documents/${docId}/preview`, outsider);
    const madeUp = await preview(`/app/assessments/${sub.assessmentId}/documents/nope/preview`, cookie);
    await db().update(documents).set({ sha256: "2".repeat(64) }).where(eq(documents.id, docId));
    const gone = await preview(`/app/assessments/${sub.assessmentId}/documents/${docId}/preview`, cookie);
    for (const res of [foreign, madeUp, gone]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toBe("Not found");
    }
  });

  it("asks a visitor without a session to sign in, and serves nothing", async () => {
    const { sub } = await setup();
    const res = await preview(`/app/assessments/${sub.assessmentId}/documents/${sub.documentOf["gov.policy"]!}/preview`);
    expect([302, 401, 403]).toContain(res.status);
    expect(Buffer.from(await res.arrayBuffer()).includes(DOCUMENT_BYTES)).toBe(false);
  });
});

describe("pdf.js from our own origin", () => {
  it("serves the pinned library and its worker as JavaScript, and nothing else", async () => {
    for (const name of ["pdf.min.mjs", "pdf.worker.min.mjs"]) {
      const res = await pdfjs(`/pdfjs/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.equals(fs.readFileSync(path.resolve(process.cwd(), "node_modules/pdfjs-dist/build", name)))).toBe(true);
    }
    for (const name of ["pdf.mjs", "..%2Fpackage.json", "pdf.sandbox.min.mjs"]) expect((await pdfjs(`/pdfjs/${name}`)).status).toBe(404);
  });
});

describe("review view of evidence", () => {
  it("lists a document used on two questions once, with size, uploader, date and the questions it supports", async () => {
    const { inst, sub } = await setup();
    const shared = sub.documentOf["gov.policy"]!;
    const respondent = (await db().select().from(respondents).where(eq(respondents.assessmentId, sub.assessmentId)))[0]!;
    await db().update(documents).set({ uploadedBy: respondent.id, uploadedAt: "2026-12-01T19:20:00.000Z", size: 1_468_006 }).where(eq(documents.id, shared));
    const answers = { ...sub.answers, "gov.policy-approval": { ...sub.answers["gov.policy-approval"]!, evidence: [shared, shared] } };
    await db().update(answerSets).set({ answers }).where(eq(answerSets.id, sub.answerSetId));

    const view = await reviewView(inst, sub.assessmentId, "es", db());
    const questions = view.sections.flatMap((s) => s.questions);
    const policy = questions.find((q) => q.id === "gov.policy")!.documents.find((d) => d.id === shared)!;
    const approval = questions.find((q) => q.id === "gov.policy-approval")!.documents.filter((d) => d.id === shared);
    expect(approval).toHaveLength(1);
    expect(policy).toMatchObject({ sizeLabel: "1.4 MB", uploader: "Ana Contact", uploadedDate: "1 de diciembre de 2026", previewKind: "pdf" });
    expect(policy.supports.map((s) => s.questionId)).toEqual(["gov.policy", "gov.policy-approval"]);
    expect(policy.shownWith.questionId).toBe("gov.policy");
    expect(approval[0]!.shownWith.questionId).toBe("gov.policy");
    expect(policy.supports.every((s) => s.text !== s.questionId && s.text.length > 0)).toBe(true);
  });
});
