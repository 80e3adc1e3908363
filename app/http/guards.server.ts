// The Express layer every request passes before Remix (ARCHITECTURE.md "one way through the
// house"): allowed methods, the same-origin check for writes (CSRF), form body limits, and
// per-address limits on guessing credentials. Refusals are clean 4xx answers: JSON in the API's
// error shape for API and data requests, a short translated page otherwise; never a 500.
import type { Socket } from "node:net";
import type { ErrorRequestHandler, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { rateLimit, type Options as RateLimitOptions } from "express-rate-limit";
import { MAX_DOCUMENT_BYTES } from "~/domain/file-type";
import { checkRequestOrigin, expectsJson } from "./request-origin";

/** urlencoded (and any non-multipart) form bodies. */
export const FORM_BODY_LIMIT = 1024 * 1024;
/** A multipart post: one evidence file of at most 10 MB plus the section's answers. */
export const MULTIPART_BODY_LIMIT = MAX_DOCUMENT_BYTES + 2 * 1024 * 1024;
/** The only forms that take a file: a questionnaire section, and the public verify page. */
const UPLOAD_PATHS = [/^\/respond\/section\/[^/]+$/, /^\/verify\/?$/];

export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

type Refusal = { status: number; code: string; en: string; es: string; headers?: Record<string, string> };

function wantsSpanish(req: ExpressRequest): boolean {
  const lang = /(?:^|;\s*)lang=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
  if (lang) {
    try {
      return JSON.parse(Buffer.from(decodeURIComponent(lang), "base64").toString("utf8")) === "es";
    } catch {
      return false;
    }
  }
  return /^es\b/i.test(req.headers["accept-language"] ?? "");
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function refuse(req: ExpressRequest, res: ExpressResponse, refusal: Refusal): void {
  if (res.headersSent) return;
  res.status(refusal.status);
  res.set({ "Cache-Control": "no-store", ...refusal.headers });
  // originalUrl: middleware mounted on a path sees req.path without its mount point.
  const url = new URL(req.originalUrl, "http://provenant.invalid");
  if (expectsJson(url.pathname, url.search)) {
    res.json({ error: { code: refusal.code, message: refusal.en, details: [] } });
    return;
  }
  const spanish = wantsSpanish(req);
  const message = spanish ? refusal.es : refusal.en;
  const back = spanish ? "Ir a la página de inicio" : "Back to the start page";
  res
    .type("html")
    .send(
      `<!doctype html><html lang="${spanish ? "es" : "en"}"><head><meta charset="utf-8"><title>Provenant</title></head>` +
        `<body><main><h1>Provenant</h1><p>${escapeHtml(message)}</p><p><a href="/">${back}</a></p></main></body></html>`,
    );
}

/** TRACE, CONNECT, WebDAV verbs and the like: 405 before anything else reads the request. */
export const methodGuard: RequestHandler = (req, res, next) => {
  if (ALLOWED_METHODS.includes(req.method)) return next();
  res.set("Connection", "close");
  refuse(req, res, {
    status: 405,
    code: "method_not_allowed",
    en: `The method ${req.method} is not allowed.`,
    es: `El método ${req.method} no está permitido.`,
    headers: { Allow: ALLOWED_METHODS.join(", ") },
  });
};

/** H1: every write that carries one of our cookies must come from one of our pages. */
export function csrfGuard(publicUrl: string): RequestHandler {
  return (req, res, next) => {
    const ownOrigins = [publicUrl];
    if (req.headers.host) ownOrigins.push(`${req.protocol}://${req.headers.host}`);
    const verdict = checkRequestOrigin({ method: req.method, headers: req.headers, ownOrigins });
    if (verdict.allowed) {
      // Decided here, once. Remix's own narrower check would answer a same-origin post from a
      // no-referrer page ("Origin: null") or one via PUBLIC_URL's host with a 500.
      delete req.headers.origin;
      return next();
    }
    refuse(req, res, {
      status: 403,
      code: "cross_origin_request",
      en: "This request was sent from another site, so it was refused. Go back to Provenant, reload the page and try again.",
      es: "Esta solicitud se envió desde otro sitio y por eso se rechazó. Vuelva a Provenant, recargue la página y vuelva a intentarlo.",
    });
  };
}

/**
 * M4: form bodies are capped before anyone reads them. Browsers always send Content-Length with a
 * form; a body of unknown length (chunked) is refused with 411, a declared length over the cap
 * with 413, and Node's parser never delivers more bytes than the declared length. The JSON API
 * enforces its own limits (app/api/body.server.ts).
 */
export const formBodyLimits: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.originalUrl.startsWith("/api/")) return next();
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (declared === undefined) {
    if (!chunked) return next();
    res.set("Connection", "close");
    return refuse(req, res, {
      status: 411,
      code: "length_required",
      en: "The form was sent without a Content-Length header. Send it again.",
      es: "El formulario se envió sin la cabecera Content-Length. Vuelva a enviarlo.",
    });
  }
  // Any path can be sent a multipart body; only the upload forms get the upload allowance, so a
  // 12 MB post to /login or /set-language is refused like any other oversized form.
  const multipart = (req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data") && UPLOAD_PATHS.some((p) => p.test(req.path));
  const limit = multipart ? MULTIPART_BODY_LIMIT : FORM_BODY_LIMIT;
  if (Number(declared) <= limit) return next();
  res.set("Connection", "close");
  refuse(req, res, {
    status: 413,
    code: "payload_too_large",
    en: multipart ? "The upload is too large: you can attach one file of up to 10 MB each time you save." : "The form is too large (at most 1 MB).",
    es: multipart ? "El envío es demasiado grande: puede adjuntar un solo archivo de hasta 10 MB cada vez que guarda." : "El formulario es demasiado grande (1 MB como máximo).",
  });
};

type LimitSpec = { windowMs: number; limit: number };

/** A per-address limiter whose 429 carries Retry-After and the right shape for the path. */
export function limiter(spec: LimitSpec): RequestHandler {
  const options: Partial<RateLimitOptions> = {
    windowMs: spec.windowMs,
    limit: spec.limit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (req, res) =>
      refuse(req, res, {
        status: 429,
        code: "rate_limited",
        en: "Too many requests from this network. Wait a moment and try again.",
        es: "Demasiadas solicitudes desde esta red. Espere un momento y vuelva a intentarlo.",
      }),
  };
  return rateLimit(options);
}

/** Errors Express meets before a route (a body parser, a bad URI): a 400, never a stack trace. */
export const expressErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) return next(error);
  const status = typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) console.error("[server] unexpected error before a route:", error);
  refuse(req, res, {
    status,
    code: status === 500 ? "internal_error" : "bad_request",
    en: status === 500 ? "Something went wrong on our side; it has been logged." : "The request could not be read.",
    es: status === 500 ? "Ocurrió un error de nuestra parte; quedó registrado." : "No se pudo leer la solicitud.",
  });
};

/**
 * Node's HTTP parser refuses some requests before Express sees them (a header block over 16 KB,
 * a malformed request line). Answer those in the API's error shape too, then close.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    error: tooLarge
      ? { code: "headers_too_large", message: "The request's headers are too large (at most 16 KB)", details: [] }
      : { code: "bad_request", message: "The request could not be read", details: [] },
  });
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}
