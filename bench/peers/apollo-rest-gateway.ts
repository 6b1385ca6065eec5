/**
 * Peer: what a user would write with Apollo Server and `@apollo/datasource-rest`,
 * the way Apollo's documentation teaches it: a RESTDataSource subclass per
 * upstream (headers in `willSendRequest`), one instance per request in the
 * context (so its GETs are de-duplicated within the operation), resolvers that
 * call it field by field, the token checked in the context function.
 */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { RESTDataSource, type AugmentedRequest } from "@apollo/datasource-rest";
import type { FetcherResponse } from "@apollo/utils.fetcher";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import { GraphQLError } from "graphql";
import { jwtVerify } from "jose";

type Wire = Record<string, unknown>;
const env = (name: string): string => process.env[name] ?? "";
const enc = encodeURIComponent;

class AtriumAPI extends RESTDataSource {
  override baseURL = `${env("ATRIUM_BASE_URL")}/`;

  constructor(options: { cache: KeyValueCache }) {
    super(options);
  }

  override willSendRequest(_path: string, request: AugmentedRequest): void {
    request.headers["accept"] = "application/vnd.mx.atrium.v1+json";
    request.headers["mx-api-key"] = env("ATRIUM_API_KEY");
    request.headers["mx-client-id"] = env("ATRIUM_CLIENT_ID");
  }

  // Atrium's media type with a charset (`application/vnd.mx.atrium.v1+json; charset=utf-8`) is JSON too.
  override parseBody(response: FetcherResponse): Promise<object | string> {
    return response.headers.get("content-type")?.includes("json") ? response.json() : response.text();
  }

  async getMember(user: string, member: string): Promise<Wire | null> {
    try {
      const body = await this.get<{ member: Wire }>(`users/${enc(user)}/members/${enc(member)}`);
      return body.member;
    } catch (error) {
      const status = (error as GraphQLError).extensions?.["response"] as { status?: number } | undefined;
      if (status?.status === 404) return null;
      throw error;
    }
  }

  async getMembers(user: string): Promise<Wire[]> {
    const body = await this.get<{ members: Wire[] }>(`users/${enc(user)}/members`, {
      params: { records_per_page: "1000" },
    });
    return body.members;
  }

  async getMemberList(user: string, member: string, what: string): Promise<Wire[]> {
    const body = await this.get<Record<string, Wire[]>>(`users/${enc(user)}/members/${enc(member)}/${what}`, {
      params: { records_per_page: "1000" },
    });
    return body[what] ?? [];
  }
}

interface ContextValue {
  userGuid: string | undefined;
  dataSources: { atrium: AtriumAPI };
}

const typeDefs = `#graphql
  type Query { member(guid: ID!): Member  members: [Member!]! }
  type Member { guid: ID! name: String connectionStatus: String accounts: [Account!]! accountOwners: [AccountOwner!]! }
  type Account { guid: ID! name: String balance: Float owners: [AccountOwner!]! accountNumbers: [AccountNumber!]! }
  type AccountOwner { ownerName: String email: String }
  type AccountNumber { accountNumber: String routingNumber: String }
`;

function user(ctx: ContextValue): string {
  if (!ctx.userGuid) throw new GraphQLError("unauthenticated", { extensions: { code: "UNAUTHENTICATED" } });
  return ctx.userGuid;
}

const ofAccount = async (a: Wire, ctx: ContextValue, what: string): Promise<Wire[]> =>
  (await ctx.dataSources.atrium.getMemberList(user(ctx), a["member_guid"] as string, what)).filter(
    (x) => x["account_guid"] === a["guid"],
  );

const resolvers = {
  Query: {
    member: (_: unknown, args: { guid: string }, ctx: ContextValue) =>
      ctx.dataSources.atrium.getMember(user(ctx), args.guid),
    members: (_: unknown, _args: unknown, ctx: ContextValue) => ctx.dataSources.atrium.getMembers(user(ctx)),
  },
  Member: {
    connectionStatus: (m: Wire) => m["connection_status"],
    accounts: (m: Wire, _: unknown, ctx: ContextValue) =>
      ctx.dataSources.atrium.getMemberList(user(ctx), m["guid"] as string, "accounts"),
    accountOwners: (m: Wire, _: unknown, ctx: ContextValue) =>
      ctx.dataSources.atrium.getMemberList(user(ctx), m["guid"] as string, "account_owners"),
  },
  Account: {
    owners: (a: Wire, _: unknown, ctx: ContextValue) => ofAccount(a, ctx, "account_owners"),
    accountNumbers: (a: Wire, _: unknown, ctx: ContextValue) => ofAccount(a, ctx, "account_numbers"),
  },
  AccountOwner: { ownerName: (o: Wire) => o["owner_name"] },
  AccountNumber: {
    accountNumber: (n: Wire) => n["account_number"],
    routingNumber: (n: Wire) => n["routing_number"],
  },
};

const secret = new TextEncoder().encode(env("AUTH_JWT_SECRET"));
const server = new ApolloServer<ContextValue>({ typeDefs, resolvers });
await startStandaloneServer(server, {
  listen: { port: Number(env("PORT")), host: "127.0.0.1" },
  context: async ({ req }) => {
    const token = req.headers.authorization?.replace(/^Bearer /, "");
    const userGuid = token ? (await jwtVerify(token, secret)).payload.sub : undefined;
    const { cache } = server;
    return { userGuid, dataSources: { atrium: new AtriumAPI({ cache }) } };
  },
});
process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
