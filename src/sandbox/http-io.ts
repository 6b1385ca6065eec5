// Request/response plumbing: header checks, bounded body reading, JSON parsing, writing replies.
// Handlers never touch `res`; they return a Reply (or throw HttpError) and one writer sends it.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";

/** Atrium's versioned media type (ATRIUM.md "Transport"). */
export const ATRIUM_MEDIA_TYPE = "application/vnd.mx.atrium.v1+json";
/** Content type of every JSON answer, as vestibule sent it (evidence §1). */
export const ATRIUM_CONTENT_TYPE = `${ATRIUM_MEDIA_TYPE}; charset=utf-8`;
/** Bodies above this size are answered 413 without being read further. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What a handler answers; `body` undefined means an empty body (e.g. 204). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by handlers to answer an error status with `{"error": {"message": …}}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** A 200 (or other) reply carrying JSON. */
export function jsonReply(body: unknown, status = 200): Reply {
  return { status, body };
}

/** The sandbox's error body (ATRIUM.md "Errors": `{"error": {"message": "…"}}`). */
export function errorReply(status: number, message: string, headers?: Record<string, string>): Reply {
  return { status, body: { error: { message } }, ...(headers ? { headers } : {}) };
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when `MX-API-Key` and `MX-Client-ID` match (Node lower-cases header names, so any case works). */
export function hasValidCredentials(headers: IncomingHttpHeaders, apiKey: string, clientId: string): boolean {
  return sameSecret(headers["mx-api-key"], apiKey) && sameSecret(headers["mx-client-id"], clientId);
}

/**
 * Whether the `Accept` header allows Atrium's v1 media type. Sandbox decision (ATRIUM.md only says a
 * bad version answers 406, and vestibule was seen to be lenient, evidence §1): a missing/empty header,
 * `*∕*` and `application/*` are accepted; any other list must name `application/vnd.mx.atrium.v1+json`,
 * so `application/json`, `text/html` or `…atrium.v2+json` alone answer 406.
 */
export function isAcceptable(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === "") return true;
  return accept
    .split(",")
    .map((range) => (range.split(";")[0] ?? "").trim().toLowerCase())
    .some((type) => type === ATRIUM_MEDIA_TYPE || type === "*/*" || type === "application/*");
}

/** Reads the whole body, refusing (413) past `limit` bytes, by declared length or as it streams. */
export function readRequestBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new HttpError(413, `request body larger than ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(new HttpError(413, `request body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    req.on("error", (error) => {
      if (!refused) reject(error);
    });
  });
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses a JSON body: undefined when empty; 400 for invalid UTF-8 or invalid JSON. */
export function parseJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    throw new HttpError(400, "request body is not valid UTF-8");
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "request body is not valid JSON");
  }
}

/** Writes a reply unless the response is already gone (client left, sandbox closing). */
export function writeReply(res: ServerResponse, reply: Reply, contentType = ATRIUM_CONTENT_TYPE): void {
  if (res.writableEnded || res.destroyed) return;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.writeHead(reply.status);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Writes a raw text answer (used by faults that must send non-JSON or broken JSON). */
export function writeRaw(
  res: ServerResponse,
  status: number,
  contentType: string | undefined,
  text: string,
): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string | number> = { "Content-Length": Buffer.byteLength(text) };
  if (contentType !== undefined) headers["Content-Type"] = contentType;
  res.writeHead(status, headers);
  res.end(text);
}
