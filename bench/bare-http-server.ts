/**
 * The floor under any HTTP gateway in Node: a bare node:http server that reads
 * a POST body and answers a fixed JSON body, with no framework and no GraphQL.
 * Its CPU per request is what the query benchmark compares the gateway's with.
 */
import { createServer } from "node:http";

const body = process.env["BARE_BODY"] ?? "{}";
// Any method: the readiness probe is a GET, the benchmark POSTs.
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    // Parsed as the gateway parses it; a readiness probe sends none.
    if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString("utf8"));
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env["PORT"]), "127.0.0.1", () => process.stdout.write("listening\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
