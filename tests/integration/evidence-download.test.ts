// Evidence downloads through Remix's own request handler (security review H2): a route module
// that exports an ErrorBoundary (or a component) is rendered as the app's HTML page even when
// its loader returns a file, so calling the loader alone cannot catch the bug. Each download
// route is mounted in a minimal server build whose document renderer answers a marker page;
// the file must come back instead, with its bytes and the download headers.
import { eq } from "drizzle-orm";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { documents } from "../../db/tables";
import * as bankDownload from "~/routes/app+/assessments+/$assessmentId_.documents.$documentId";
import * as respondentDownload from "~/routes/respond+/documents.$documentId";
import { newId } from "~/ids.server";
import { uploadDocument } from "~/services/documents.server";
import { sectionPage } from "~/services/respondent.server";
import { reviewView } from "~/services/review.server";
import { cookieFor, createInstitution, createUser, db } from "../helpers/factories";
import { createSentAssessment, respondentCookie } from "../helpers/respondent-factories";
import { createSubmittedAssessment, DOCUMENT_BYTES } from "../helpers/review-factories";

const APP_PAGE = "<!DOCTYPE html><html><body>the app's HTML page</body></html>";

function remixHandler(path: string, module: object) {
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
      download: { id: "download", parentId: "root", path, module },
    },
  } as unknown as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return (url: string, cookie: string) => handle(new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }));
}

const bank = remixHandler("app/assessments/:assessmentId/documents/:documentId", bankDownload);
const respondent = remixHandler("respond/documents/:documentId", respondentDownload);

async function bankSetup() {
  const inst = await createInstitution("Banco Evidencia");
  const rm = await createUser(inst, ["rm"]);
  const sub = await createSubmittedAssessment({ institutionId: inst, sentBy: rm.id });
  return { inst, sub, cookie: await cookieFor(rm) };
}

describe("bank download of evidence (H2)", () => {
  it("is a resource route: no component, no ErrorBoundary", () => {
    expect(Object.keys(bankDownload).sort()).toEqual(["loader"]);
  });

  it("returns the exact bytes as an attachment with the stored type, nosniff and an RFC 5987 name", async () => {
    const { sub, cookie } = await bankSetup();
    const docId = sub.documentOf["gov.policy"]!;
    await db().update(documents).set({ fileName: "Política\u202Efdp.exe\r\n.pdf" }).where(eq(documents.id, docId));
    const res = await bank(`/app/assessments/${sub.assessmentId}/documents/${docId}`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="Pol_ticafdp.exe .pdf"; filename*=UTF-8''Pol%C3%ADticafdp.exe%20.pdf`);
    expect(res.headers.get("Content-Length")).toBe(String(DOCUMENT_BYTES.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(DOCUMENT_BYTES)).toBe(true);
  });

  it("serves a stored type outside the evidence types as application/octet-stream", async () => {
    const { sub, cookie } = await bankSetup();
    const docId = sub.documentOf["gov.policy"]!;
    await db().update(documents).set({ mediaType: "text/html" }).where(eq(documents.id, docId));
    const res = await bank(`/app/assessments/${sub.assessmentId}/documents/${docId}`, cookie);
    expect(res.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(Buffer.from(await res.arrayBuffer()).equals(DOCUMENT_BYTES)).toBe(true);
  });

  it("answers the same plain 404 for another institution's document and a made-up id", async () => {
    const { sub } = await bankSetup();
    const outsider = await createUser(await createInstitution("Otro Banco"), ["rm", "admin"]);
    const cookie = await cookieFor(outsider);
    const docId = sub.documentOf["gov.policy"]!;
    const foreign = await bank(`/app/assessments/${sub.assessmentId}/documents/${docId}`, cookie);
    const madeUp = await bank(`/app/assessments/${newId()}/documents/${newId()}`, cookie);
    for (const res of [foreign, madeUp]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toBe("Not found");
    }
  });

  it("answers 404, not a 500, when the stored file is gone", async () => {
    const { sub, cookie } = await bankSetup();
    const docId = sub.documentOf["gov.policy"]!;
    await db().update(documents).set({ sha256: "0".repeat(64) }).where(eq(documents.id, docId));
    const res = await bank(`/app/assessments/${sub.assessmentId}/documents/${docId}`, cookie);
    expect(res.status).toBe(404);
  });
});

describe("respondent download of evidence", () => {
  it("returns the file through Remix too, its name cleaned in both filename and filename*", async () => {
    const f = await createSentAssessment();
    const cookie = await respondentCookie(f.context);
    const uploaded = await uploadDocument(f.context, { fileName: "invoice\u202Efdp.exe", bytes: DOCUMENT_BYTES }, new Date());
    if ("error" in uploaded) throw new Error("upload refused");
    expect((await db().select().from(documents).where(eq(documents.id, uploaded.documentId)).limit(1))[0]?.fileName).toBe("invoicefdp.exe");
    const res = await respondent(`/respond/documents/${uploaded.documentId}`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="invoicefdp.exe"; filename*=UTF-8''invoicefdp.exe`);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(Buffer.from(await res.arrayBuffer()).equals(DOCUMENT_BYTES)).toBe(true);
  });
});

describe("names stored before uploads were cleaned (L8)", () => {
  it("display cleaned on the respondent's section page and the bank's review", async () => {
    const f = await createSentAssessment();
    const uploaded = await uploadDocument(f.context, { fileName: "x.pdf", bytes: DOCUMENT_BYTES }, new Date());
    if ("error" in uploaded) throw new Error("upload refused");
    await db().update(documents).set({ fileName: "invoice\u202Efdp.exe\u200B" }).where(eq(documents.id, uploaded.documentId));
    expect((await sectionPage(f.context, "gov", "en"))?.documents).toEqual([expect.objectContaining({ id: uploaded.documentId, fileName: "invoicefdp.exe" })]);

    const { inst, sub } = await bankSetup();
    const docId = sub.documentOf["gov.policy"]!;
    await db().update(documents).set({ fileName: "Pol\u202Eitica.pdf" }).where(eq(documents.id, docId));
    const view = await reviewView(inst, sub.assessmentId, "en", db());
    const shown = view.sections.flatMap((s) => s.questions.flatMap((q) => q.documents)).find((d) => d.id === docId);
    expect(shown?.fileName).toBe("Politica.pdf");
  });
});
