// An OpenAPI 3.0 description of the sandbox's Atrium API (ATRIUM.md), served at GET /openapi.json.
// Built from the route table, so it lists exactly the routes the sandbox answers; tools that read
// OpenAPI (REST clients, GraphQL Mesh / Hive Gateway, code generators) can be pointed at it.
import type { RouteDefinition } from "./router.js";
import type { RouteHandler } from "./routes/context.js";

/** Where the sandbox serves it. */
export const OPENAPI_PATH = "/openapi.json";

type Json = Record<string, unknown>;
/** `name: "string"`; a trailing `?` makes the field nullable; `[x]` is an array of x. */
type Fields = Record<string, string>;

function property(type: string): Json {
  if (type.startsWith("[")) return { type: "array", items: property(type.slice(1, -1)) };
  const nullable = type.endsWith("?");
  const base = nullable ? type.slice(0, -1) : type;
  const schema: Json = /^[A-Z]/.test(base) ? { $ref: `#/components/schemas/${base}` } : { type: base };
  return nullable ? { ...schema, nullable: true } : schema;
}

const object = (fields: Fields): Json => ({
  type: "object",
  properties: Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, property(type)])),
});

const SCHEMAS: Record<string, Fields> = {
  Pagination: {
    current_page: "integer",
    per_page: "integer",
    total_entries: "integer",
    total_pages: "integer",
  },
  User: { guid: "string", identifier: "string?", is_disabled: "boolean", metadata: "string?" },
  Institution: {
    code: "string",
    name: "string",
    url: "string",
    small_logo_url: "string",
    medium_logo_url: "string",
    supports_account_identification: "boolean",
    supports_account_statement: "boolean",
    supports_account_verification: "boolean",
    supports_transaction_history: "boolean",
  },
  Credential: {
    guid: "string",
    field_name: "string",
    label: "string",
    type: "string",
    display_order: "integer",
  },
  Member: {
    guid: "string",
    user_guid: "string",
    identifier: "string?",
    institution_code: "string",
    name: "string",
    connection_status: "string",
    status: "string?",
    is_being_aggregated: "boolean",
    is_oauth: "boolean",
    aggregated_at: "string?",
    successfully_aggregated_at: "string?",
    metadata: "string?",
  },
  ChallengeOption: { label: "string", value: "string" },
  Challenge: {
    guid: "string",
    field_name: "string",
    label: "string",
    type: "string",
    image_data: "string",
    options: "[ChallengeOption]",
  },
  MemberStatus: {
    guid: "string",
    connection_status: "string",
    status: "string?",
    is_authenticated: "boolean",
    is_being_aggregated: "boolean",
    has_processed_accounts: "boolean",
    has_processed_transactions: "boolean",
    aggregated_at: "string?",
    successfully_aggregated_at: "string?",
    challenges: "[Challenge]",
  },
  Account: {
    guid: "string",
    member_guid: "string",
    user_guid: "string",
    institution_code: "string",
    name: "string",
    type: "string",
    subtype: "string?",
    balance: "number",
    available_balance: "number?",
    currency_code: "string",
    account_number: "string",
    is_closed: "boolean",
  },
  AccountOwner: {
    guid: "string",
    account_guid: "string",
    member_guid: "string",
    user_guid: "string",
    owner_name: "string",
    address: "string",
    city: "string",
    state: "string",
    postal_code: "string",
    country: "string",
    email: "string",
    phone: "string",
  },
  AccountNumber: {
    guid: "string",
    account_guid: "string",
    member_guid: "string",
    user_guid: "string",
    account_number: "string",
    routing_number: "string",
    institution_number: "string?",
    transit_number: "string?",
  },
  Transaction: {
    guid: "string",
    account_guid: "string",
    member_guid: "string",
    user_guid: "string",
    amount: "number",
    currency_code: "string",
    date: "string",
    description: "string",
    category: "string",
    status: "string",
    type: "string",
    transacted_at: "string",
  },
};

/** What each route answers: the JSON root and the schema under it (`[X]` = a paged list of X). */
const ANSWERS: Record<string, [root: string, schema: string]> = {
  "POST /users": ["user", "User"],
  "GET /users": ["users", "[User]"],
  "GET /users/{user_guid}": ["user", "User"],
  "GET /institutions": ["institutions", "[Institution]"],
  "GET /institutions/{institution_code}": ["institution", "Institution"],
  "GET /institutions/{institution_code}/credentials": ["credentials", "[Credential]"],
  "POST /users/{user_guid}/members": ["member", "Member"],
  "GET /users/{user_guid}/members": ["members", "[Member]"],
  "GET /users/{user_guid}/members/{member_guid}/status": ["member", "MemberStatus"],
  "GET /users/{user_guid}/members/{member_guid}/challenges": ["challenges", "[Challenge]"],
  "GET /users/{user_guid}/members/{member_guid}/accounts": ["accounts", "[Account]"],
  "GET /users/{user_guid}/members/{member_guid}/transactions": ["transactions", "[Transaction]"],
  "GET /users/{user_guid}/members/{member_guid}/account_numbers": ["account_numbers", "[AccountNumber]"],
  "GET /users/{user_guid}/members/{member_guid}/account_owners": ["account_owners", "[AccountOwner]"],
  "GET /users/{user_guid}/accounts/{account_guid}/account_numbers": ["account_numbers", "[AccountNumber]"],
};

const toPath = (template: string): string => template.replace(/:([a-z_]+)/g, "{$1}");

function answerSchema(key: string): Json {
  const [root, schema] = ANSWERS[key] ?? ["member", "Member"];
  if (!schema.startsWith("[")) return object({ [root]: schema });
  return object({ [root]: schema, pagination: "Pagination" });
}

function operation(route: RouteDefinition<RouteHandler>): Json {
  const path = toPath(route.template);
  const key = `${route.method} ${path}`;
  const isList = ANSWERS[key]?.[1].startsWith("[") ?? false;
  const parameters: Json[] = [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  if (isList && route.method === "GET") {
    for (const name of ["page", "records_per_page"]) {
      parameters.push({ name, in: "query", required: false, schema: { type: "integer", minimum: 1 } });
    }
  }
  const json = { "application/vnd.mx.atrium.v1+json": { schema: answerSchema(key) } };
  return {
    operationId: route.handler.name || `${route.method.toLowerCase()}${path.replace(/\W+/g, "_")}`,
    parameters,
    ...(route.method === "GET" ? {} : { requestBody: { required: false, content: json } }),
    responses: {
      "200": { description: "OK", content: json },
      ...(route.template.endsWith("/identify")
        ? { "202": { description: "already running", content: json } }
        : {}),
      ...(route.template.endsWith("/challenges") ? { "204": { description: "no challenges pending" } } : {}),
      "401": { description: "invalid MX-API-Key or MX-Client-ID" },
      "404": { description: "not found (or another user's)" },
    },
  };
}

/** The description for a sandbox whose API answers at `serverUrl`. */
export function sandboxOpenApi(
  routes: ReadonlyArray<RouteDefinition<RouteHandler>>,
  serverUrl: string,
): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = toPath(route.template);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "MX Atrium API (atrium-graphql sandbox)",
      version: "v1",
      description:
        "The Atrium endpoints the embedded sandbox emulates. Every request sends " +
        "Accept: application/vnd.mx.atrium.v1+json and the MX-API-Key and MX-Client-ID headers.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [], clientId: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "MX-API-Key" },
        clientId: { type: "apiKey", in: "header", name: "MX-Client-ID" },
      },
      schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, fields]) => [name, object(fields)])),
    },
    paths,
  };
}
