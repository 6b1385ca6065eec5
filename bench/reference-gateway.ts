/**
 * The reference for the gateway comparison: about the least a Node GraphQL
 * gateway in front of Atrium can do for the benchmark's queries. node:http, an
 * undici Pool to the upstream, graphql-js executing a document parsed and
 * validated once over a plain schema, a cached HS256 check of the bearer token,
 * and the reads a member's selection needs started at once (one round trip).
 * No limits, logs, metrics, retries or error masking: it is a floor, not a product.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  buildSchema,
  execute,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type SelectionSetNode,
  isObjectType,
} from "graphql";
import { Pool } from "undici";

const env = (name: string): string => process.env[name] ?? "";
const upstream = new Pool(env("ATRIUM_BASE_URL"), { connections: 256, pipelining: 1 });
const upstreamHeaders = {
  accept: "application/vnd.mx.atrium.v1+json",
  "mx-api-key": env("ATRIUM_API_KEY"),
  "mx-client-id": env("ATRIUM_CLIENT_ID"),
};
const secret = env("AUTH_JWT_SECRET");

type Wire = Record<string, unknown>;
interface Ctx {
  userGuid: string;
  reads: Map<string, Promise<Wire>>;
}

/** One GET per path per operation. */
function read(ctx: Ctx, path: string): Promise<Wire> {
  let promise = ctx.reads.get(path);
  if (!promise) {
    promise = upstream.request({ method: "GET", path, headers: upstreamHeaders }).then(async (res) => {
      const body = (await res.body.json()) as Wire;
      if (res.statusCode === 404) return {};
      if (res.statusCode >= 300) throw new Error(`upstream ${res.statusCode}`);
      return body;
    });
    promise.catch(() => undefined);
    ctx.reads.set(path, promise);
  }
  return promise;
}

const LIST = "?page=1&records_per_page=1000";
const memberPath = (ctx: Ctx, m: string): string => `/users/${ctx.userGuid}/members/${m}`;
const list = async (ctx: Ctx, m: string, what: string): Promise<Wire[]> =>
  ((await read(ctx, `${memberPath(ctx, m)}/${what}${LIST}`))[what] as Wire[] | undefined) ?? [];

/** Field names anywhere below a field (the benchmark's documents use no fragments). */
function namesBelow(set: SelectionSetNode | undefined, into = new Set<string>()): Set<string> {
  for (const s of set?.selections ?? []) {
    if (s.kind !== Kind.FIELD) continue;
    into.add(s.name.value);
    namesBelow(s.selectionSet, into);
  }
  return into;
}

function startReads(ctx: Ctx, m: string, info: GraphQLResolveInfo): void {
  const names = namesBelow(info.fieldNodes[0]?.selectionSet);
  if (names.has("accounts")) void list(ctx, m, "accounts").catch(() => undefined);
  if (names.has("owners") || names.has("accountOwners"))
    void list(ctx, m, "account_owners").catch(() => undefined);
  if (names.has("accountNumbers")) void list(ctx, m, "account_numbers").catch(() => undefined);
}

const schema = buildSchema(`
  type Query { member(guid: ID!): Member  members: [Member!]! }
  type Member { guid: ID! name: String connectionStatus: String accounts: [Account!]! accountOwners: [AccountOwner!]! }
  type Account { guid: ID! name: String balance: Float owners: [AccountOwner!]! accountNumbers: [AccountNumber!]! }
  type AccountOwner { ownerName: String email: String }
  type AccountNumber { accountNumber: String routingNumber: String }
`);

type Resolver = GraphQLFieldResolver<Wire, Ctx, Record<string, unknown>>;
const byAccount = async (ctx: Ctx, a: Wire, what: string): Promise<Wire[]> =>
  (await list(ctx, a["member_guid"] as string, what)).filter((x) => x["account_guid"] === a["guid"]);
const resolvers: Record<string, Record<string, Resolver>> = {
  Query: {
    member: async (_root, args, ctx, info) => {
      const m = args["guid"] as string;
      startReads(ctx, m, info);
      return (await read(ctx, memberPath(ctx, m)))["member"] ?? null;
    },
    members: async (_root, _args, ctx, info) => {
      const body = await read(ctx, `/users/${ctx.userGuid}/members${LIST}`);
      const members = (body["members"] as Wire[] | undefined) ?? [];
      for (const member of members) startReads(ctx, member["guid"] as string, info);
      return members;
    },
  },
  Member: {
    connectionStatus: (m) => m["connection_status"],
    accounts: (m, _a, ctx) => list(ctx, m["guid"] as string, "accounts"),
    accountOwners: (m, _a, ctx) => list(ctx, m["guid"] as string, "account_owners"),
  },
  Account: {
    owners: (a, _args, ctx) => byAccount(ctx, a, "account_owners"),
    accountNumbers: (a, _args, ctx) => byAccount(ctx, a, "account_numbers"),
  },
  AccountOwner: { ownerName: (o) => o["owner_name"] },
  AccountNumber: { accountNumber: (n) => n["account_number"], routingNumber: (n) => n["routing_number"] },
};
for (const [typeName, fields] of Object.entries(resolvers)) {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) continue;
  for (const [name, resolve] of Object.entries(fields)) {
    const field = type.getFields()[name];
    if (field) field.resolve = resolve as typeof field.resolve;
  }
}

const documents = new Map<string, DocumentNode>();
function documentFor(query: string): DocumentNode {
  let document = documents.get(query);
  if (!document) {
    document = parse(query);
    const errors = validate(schema, document);
    if (errors.length) throw new Error(errors[0]!.message);
    documents.set(query, document);
  }
  return document;
}

const verified = new Map<string, string>();
/** The token's `sub` after an HS256 signature check (once per token). */
function userOf(authorization: string | undefined): string | undefined {
  const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : undefined;
  if (!token) return undefined;
  const known = verified.get(token);
  if (known) return known;
  const [header = "", payload = "", signature = ""] = token.split(".");
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const sub = (JSON.parse(Buffer.from(payload, "base64url").toString()) as { sub?: string }).sub;
  if (sub) verified.set(token, sub);
  return sub;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") return answer(res, 200, { status: "ok" });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const userGuid = userOf(req.headers.authorization);
  if (!userGuid) return answer(res, 401, { errors: [{ message: "unauthenticated" }] });
  const { query, variables } = JSON.parse(Buffer.concat(chunks).toString()) as {
    query: string;
    variables?: Record<string, unknown>;
  };
  const result = await execute({
    schema,
    document: documentFor(query),
    variableValues: variables,
    contextValue: { userGuid, reads: new Map() } satisfies Ctx,
  });
  answer(res, 200, result);
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => answer(res, 500, { errors: [{ message: "internal" }] }));
});
server.listen(Number(env("PORT")), "127.0.0.1");
process.on("SIGTERM", () => {
  server.close(() => void upstream.close().then(() => process.exit(0)));
  server.closeAllConnections();
});
