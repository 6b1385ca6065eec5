/**
 * The JSON body of a `POST /graphql` as body-parser's `json()` reads it, with
 * body-parser's type, charset and encoding machinery skipped for the request
 * nearly every client sends: `Content-Type: application/json` (UTF-8), a
 * `Content-Length` within the limit and no `Content-Encoding`. Anything else
 * (chunked, compressed, other charsets, over the limit) goes to body-parser
 * itself, so its answers (413, 415, 400) stay exactly as they were.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NodeMiddleware } from "./graphql-post.js";

const PLAIN_TYPES = new Set([
  "application/json",
  "application/json; charset=utf-8",
  "application/json;charset=utf-8",
]);

/** An error body-parser would have raised for this body: 400 and a malformed-body answer. */
function malformed(reason: string): Error & { status: number } {
  return Object.assign(new Error(reason), { status: 400 });
}

function isPlain(req: IncomingMessage, limit: number): boolean {
  const type = req.headers["content-type"];
  const length = Number(req.headers["content-length"]);
  return (
    type !== undefined &&
    PLAIN_TYPES.has(type.toLowerCase()) &&
    Number.isInteger(length) &&
    length <= limit &&
    req.headers["content-encoding"] === undefined &&
    req.headers["transfer-encoding"] === undefined
  );
}

/** body-parser's strict mode: an empty body is `{}`; otherwise only an object or an array. */
function parseStrict(text: string): unknown {
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return {};
  if (first !== "{" && first !== "[") throw malformed("JSON body must be an object or an array");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformed("JSON body does not parse");
  }
}

export function plainJsonBody(limit: number, bodyParser: NodeMiddleware): NodeMiddleware {
  return (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next) => {
    if (!isPlain(req, limit)) {
      bodyParser(req, res, next);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("error", (error) => next(malformed(error.message)));
    req.once("end", () => {
      try {
        req.body = parseStrict(Buffer.concat(chunks).toString("utf8"));
      } catch (error) {
        next(error);
        return;
      }
      next();
    });
  };
}
