// Sending one webhook POST without becoming a proxy into the bank's network (M3, issue 13). The
// URL is checked again (rows registered before the check existed, or a setting that changed),
// the host name is resolved once, every address it resolves to must be public
// (app/domain/webhook-target.ts), and the connection goes to the address that was checked: the
// request's `lookup` answers with it, so a DNS answer that changes between the check and the
// connection (DNS rebinding) is never used. Redirects are not followed. Only the status and a
// short excerpt of the answer are kept.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { checkWebhookUrl, classifyAddress, type TargetOptions } from "~/domain/webhook-target";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Resolves a host name to every address it has (injectable for tests). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type WebhookPost = { url: string; headers: Record<string, string>; body: string; timeoutMs: number };
export type WebhookAnswer = { status: number; excerpt: string };
/** Sends one webhook POST; throws with a message fit for the admin when it cannot. */
export type WebhookPoster = (post: WebhookPost) => Promise<WebhookAnswer>;

/** The most of the target's answer that is kept and shown (as text, escaped by React). */
export const RESPONSE_EXCERPT_CHARS = 200;
const MAX_READ_BYTES = 4096;

export class RefusedTargetError extends Error {}

export const systemResolver: Resolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Excerpt of an answer body: at most RESPONSE_EXCERPT_CHARS characters, control characters dropped. */
export function responseExcerpt(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").slice(0, RESPONSE_EXCERPT_CHARS);
}

/** The checked address to connect to, or a RefusedTargetError. */
export async function resolveTarget(url: URL, options: TargetOptions & { resolve?: Resolver }): Promise<ResolvedAddress> {
  const verdict = checkWebhookUrl(url.href, options);
  if (!verdict.ok) throw new RefusedTargetError(`Refused: the endpoint URL is not allowed (${verdict.reason})`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const family = net.isIP(host);
  let addresses: ResolvedAddress[];
  if (family) {
    addresses = [{ address: host, family: family === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host.replace(/\.$/, ""));
    } catch {
      throw new RefusedTargetError("The endpoint's host name does not resolve");
    }
  }
  if (addresses.length === 0) throw new RefusedTargetError("The endpoint's host name does not resolve");
  // Every address must be public: a name with one private address among public ones is refused.
  if (addresses.some((a) => !net.isIP(a.address) || !classifyAddress(a.address, options).ok)) {
    throw new RefusedTargetError("Refused: the endpoint's host name resolves to an address of this machine or of a private network");
  }
  return addresses[0]!;
}

/** The real poster: checked, pinned to the checked address, no redirects, bounded read. */
export function safePoster(options: { resolve?: Resolver; allowLoopback?: () => boolean } = {}): WebhookPoster {
  return async (post) => {
    const url = new URL(post.url);
    const target = await resolveTarget(url, { allowLoopback: options.allowLoopback?.() ?? false, resolve: options.resolve });
    const client = url.protocol === "https:" ? https : http;
    return new Promise<WebhookAnswer>((resolve, reject) => {
      const request = client.request(
        url,
        {
          method: "POST",
          headers: { ...post.headers, "Content-Length": String(Buffer.byteLength(post.body)) },
          signal: AbortSignal.timeout(post.timeoutMs),
          // Connect to the address that was checked, never to a fresh DNS answer.
          lookup: (_hostname, lookupOptions, callback) => {
            if ((lookupOptions as { all?: boolean }).all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [target]);
            else (callback as (e: null, a: string, f: number) => void)(null, target.address, target.family);
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            if (size < MAX_READ_BYTES) chunks.push(chunk);
            size += chunk.length;
            if (size >= MAX_READ_BYTES) response.destroy();
          });
          const done = () => resolve({ status: response.statusCode ?? 0, excerpt: responseExcerpt(Buffer.concat(chunks).subarray(0, MAX_READ_BYTES).toString("utf8")) });
          response.on("end", done);
          response.on("close", done);
          response.on("error", done);
        },
      );
      request.on("error", (error) => reject(error.name === "AbortError" || error.name === "TimeoutError" ? Object.assign(new Error("timeout"), { name: "TimeoutError" }) : error));
      request.end(post.body);
    });
  };
}
