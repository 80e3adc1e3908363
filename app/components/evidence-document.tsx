// One evidence document on the bank's review page (issue 14, walkthrough F01/F02): its name, size,
// uploader and upload date, the questions it supports, the download link, and an inline preview
// beside the answer: PNG and JPEG through <img> from the preview route, PDFs drawn by pdf.js (served
// from our origin, /pdfjs/…) on a canvas with a text layer. pdf.js runs with eval off, no XFA, no
// annotation layer and no PDF scripting, and its parsing runs in a worker. Without JavaScript a
// PDF shows the download link and the metadata only; images need no script.
// Nothing here is rendered with a `style` attribute (the CSP has no 'unsafe-inline' for styles):
// the canvas and text-layer sizes are set through the CSSOM after hydration.
import type * as PdfJs from "pdfjs-dist";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Lang } from "~/i18n";
import { et } from "~/i18n/evidence";

export type EvidenceDocument = {
  id: string;
  fileName: string;
  sizeLabel: string;
  previewKind: "pdf" | "image" | null;
  uploadedDate: string;
  uploader: string | null;
  supports: Array<{ questionId: string; text: string }>;
};

export function documentUrls(assessmentId: string, documentId: string) {
  const base = `/app/assessments/${encodeURIComponent(assessmentId)}/documents/${encodeURIComponent(documentId)}`;
  return { download: base, preview: `${base}/preview` };
}

type PdfJsModule = typeof PdfJs;
let pdfjs: Promise<PdfJsModule> | null = null;

/** pdf.js from our own origin, loaded once, on the first PDF preview of the page. */
function loadPdfJs(): Promise<PdfJsModule> {
  pdfjs ??= (async () => {
    // A URL in a variable: the bundler leaves it to the browser instead of bundling pdf.js.
    const url = "/pdfjs/pdf.min.mjs";
    const mod = (await import(/* webpackIgnore: true */ url)) as PdfJsModule;
    mod.GlobalWorkerOptions.workerSrc = "/pdfjs/pdf.worker.min.mjs";
    return mod;
  })();
  pdfjs.catch(() => {
    pdfjs = null;
  });
  return pdfjs;
}

const PREVIEW_MAX_WIDTH = 448;

type PdfState = { status: "loading" } | { status: "ready"; pages: number } | { status: "failed" };

function PdfPreview({ url, name, lang }: { url: string; name: string; lang: Lang }) {
  const [state, setState] = useState<PdfState>({ status: "loading" });
  const [page, setPage] = useState(1);
  const [near, setNear] = useState(false);
  const doc = useRef<PdfJs.PDFDocumentProxy | null>(null);
  const figure = useRef<HTMLElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const text = useRef<HTMLDivElement>(null);

  // A review page can hold dozens of documents: each PDF is fetched and parsed only when it comes
  // near the viewport (a question folded in a closed <details> never does).
  useEffect(() => {
    const el = figure.current;
    if (!el) return;
    if (typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setNear(true);
        observer.disconnect();
      }
    }, { rootMargin: "300px" });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!near) return;
    let cancelled = false;
    let task: PdfJs.PDFDocumentLoadingTask | null = null;
    loadPdfJs()
      .then(async (lib) => {
        task = lib.getDocument({ url, isEvalSupported: false, enableXfa: false, disableRange: true, disableAutoFetch: true, stopAtErrors: false });
        const loaded = await task.promise;
        if (cancelled) return;
        doc.current = loaded;
        setState({ status: "ready", pages: loaded.numPages });
      })
      .catch(() => {
        if (!cancelled) setState({ status: "failed" });
      });
    return () => {
      cancelled = true;
      doc.current = null;
      if (task) void task.destroy();
    };
  }, [url, near]);

  useEffect(() => {
    if (state.status !== "ready" || !doc.current || !canvas.current || !text.current || !frame.current) return;
    let cancelled = false;
    let render: PdfJs.RenderTask | null = null;
    const [canvasEl, textEl, frameEl, loaded] = [canvas.current, text.current, frame.current, doc.current];
    (async () => {
      const lib = await loadPdfJs();
      const pdfPage = await loaded.getPage(page);
      if (cancelled) return;
      const natural = pdfPage.getViewport({ scale: 1 });
      // At most 28rem wide: enough to read a page, short enough beside the answer.
      const available = Math.min(frameEl.parentElement?.clientWidth || PREVIEW_MAX_WIDTH, PREVIEW_MAX_WIDTH);
      const scale = Math.min(1.5, Math.max(0.3, available / natural.width));
      const viewport = pdfPage.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      canvasEl.width = Math.floor(viewport.width * ratio);
      canvasEl.height = Math.floor(viewport.height * ratio);
      canvasEl.style.width = `${Math.floor(viewport.width)}px`;
      canvasEl.style.height = `${Math.floor(viewport.height)}px`;
      frameEl.style.width = `${Math.floor(viewport.width)}px`;
      frameEl.style.height = `${Math.floor(viewport.height)}px`;
      frameEl.style.setProperty("--scale-factor", String(scale));
      frameEl.style.setProperty("--total-scale-factor", String(scale));
      render = pdfPage.render({ canvas: canvasEl, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await render.promise;
      if (cancelled) return;
      textEl.replaceChildren();
      await new lib.TextLayer({ textContentSource: pdfPage.streamTextContent(), container: textEl, viewport }).render();
    })().catch((error: unknown) => {
      if (!cancelled && !(error instanceof Error && error.name === "RenderingCancelledException")) setState({ status: "failed" });
    });
    return () => {
      cancelled = true;
      render?.cancel();
    };
  }, [state, page]);

  if (state.status === "failed") return <p className="text-sm text-slate-700">{et(lang, "doc.previewFailed")}</p>;
  const pages = state.status === "ready" ? state.pages : 0;
  return (
    <figure ref={figure} className="m-0" data-testid="pdf-preview" data-state={state.status}>
      <div ref={frame} className="pdf-frame relative max-w-full overflow-hidden border border-slate-300 bg-white">
        <canvas ref={canvas} role="img" aria-label={et(lang, "doc.preview", { name })} className="block" />
        <div ref={text} className="textLayer" />
      </div>
      <figcaption className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
        {state.status === "loading" ? (
          <span>{et(lang, "doc.previewLoading")}</span>
        ) : (
          <>
            <button type="button" className="btn-secondary py-0.5 text-xs" disabled={page <= 1} onClick={() => setPage((p) => Math.max(1, p - 1))}>
              {et(lang, "doc.previousPage")}
            </button>
            <span aria-live="polite">{et(lang, "doc.page", { page, pages })}</span>
            <button type="button" className="btn-secondary py-0.5 text-xs" disabled={page >= pages} onClick={() => setPage((p) => Math.min(pages, p + 1))}>
              {et(lang, "doc.nextPage")}
            </button>
          </>
        )}
      </figcaption>
    </figure>
  );
}

/** The preview: after hydration for a PDF (pdf.js needs script), at once for an image. */
function Preview({ doc, url, lang }: { doc: EvidenceDocument; url: string; lang: Lang }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (doc.previewKind === "image") {
    return <img src={url} alt={et(lang, "doc.preview", { name: doc.fileName })} loading="lazy" className="max-h-[32rem] max-w-full border border-slate-300 bg-white" data-testid="image-preview" />;
  }
  if (doc.previewKind === "pdf") return hydrated ? <PdfPreview url={url} name={doc.fileName} lang={lang} /> : null;
  return <p className="text-sm text-slate-700">{et(lang, "doc.noPreview")}</p>;
}

/**
 * A document in full: metadata and download link, the questions it supports, the review controls
 * (`children`) and the preview beside them on a wide screen.
 */
export function EvidenceDocumentCard({ assessmentId, doc, lang, currentQuestionId, children }: { assessmentId: string; doc: EvidenceDocument; lang: Lang; currentQuestionId: string; children?: ReactNode }) {
  const urls = documentUrls(assessmentId, doc.id);
  return (
    <div className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
      <div>
        <a href={urls.download} className="font-medium underline" data-testid={`download-${doc.id}`}>
          {et(lang, "doc.download", { name: doc.fileName })}
        </a>
        <p className="text-sm text-slate-700" data-testid={`doc-meta-${doc.id}`}>
          {doc.uploader
            ? et(lang, "doc.metadata", { size: doc.sizeLabel, uploader: doc.uploader, date: doc.uploadedDate })
            : et(lang, "doc.metadataNoUploader", { size: doc.sizeLabel, date: doc.uploadedDate })}
        </p>
        {doc.supports.length > 1 ? (
          <div className="mt-1 text-sm">
            <p className="font-medium">{et(lang, "doc.supports")}</p>
            <ul className="list-inside list-disc" data-testid={`doc-supports-${doc.id}`}>
              {doc.supports.map((s) => (
                <li key={s.questionId}>{s.questionId === currentQuestionId ? s.text : <a href={`#q-${s.questionId}`}>{s.text}</a>}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {children}
      </div>
      <div>
        <Preview doc={doc} url={urls.preview} lang={lang} />
      </div>
    </div>
  );
}

/** A document shown in full with another question: a pointer there, never a second copy. */
export function EvidenceDocumentReference({ doc, lang, shownWith }: { doc: EvidenceDocument; lang: Lang; shownWith: { questionId: string; text: string } }) {
  return (
    <p className="text-sm">
      {et(lang, "doc.shownWith", { name: doc.fileName, question: shownWith.text })}{" "}
      <a href={`#doc-${doc.id}`} className="underline">
        {et(lang, "doc.openThere")}
      </a>
    </p>
  );
}
