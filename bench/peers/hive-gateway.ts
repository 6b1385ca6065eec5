/**
 * Peer: GraphQL Hive Gateway over GraphQL Mesh's OpenAPI source, composed from
 * the sandbox's own `/openapi.json`, with the member's lists linked under
 * `Member` the way Mesh's docs teach (`@resolveTo` in `additionalTypeDefs`).
 *
 * Not in package.json: on Node 20 its dependencies warn EBADENGINE (several
 * `@whatwg-node/*`, `commander` 15 and `sync-fetch` want Node ≥ 22), which this
 * project counts as a defect. The benchmark runs it from a separate install
 * when BENCH_HIVE_DIR names one (see the README's benchmark section).
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startGatewayScript, type Proc } from "../processes.js";

export const HIVE_DIR = process.env["BENCH_HIVE_DIR"];

const link = (field: string, source: string, type: string): string =>
  `${field}: [${type}] @resolveTo(sourceName: "Atrium", sourceTypeName: "Query", sourceFieldName: "${source}", ` +
  `requiredSelectionSet: "{ guid user_guid }", sourceArgs: { user_guid: "{root.user_guid}", member_guid: "{root.guid}" }, ` +
  `result: "${field}")`;

function meshConfig(sandboxUrl: string): string {
  return `import { defineConfig } from "@graphql-mesh/compose-cli";
import { loadOpenAPISubgraph } from "@omnigraph/openapi";
export const composeConfig = defineConfig({
  subgraphs: [{ sourceHandler: loadOpenAPISubgraph("Atrium", {
    source: ${JSON.stringify(`${sandboxUrl}/openapi.json`)},
    endpoint: "{env.ATRIUM_BASE_URL}",
    operationHeaders: { accept: "application/vnd.mx.atrium.v1+json", "MX-API-Key": "{env.ATRIUM_API_KEY}", "MX-Client-ID": "{env.ATRIUM_CLIENT_ID}" },
  }) }],
  additionalTypeDefs: ${JSON.stringify(`extend type Member {
    ${link("accounts", "listAccounts", "Account")}
    ${link("account_owners", "listAccountOwners", "AccountOwner")}
    ${link("account_numbers", "listMemberAccountNumbers", "AccountNumber")}
  }`)},
});
`;
}

/** Composes the supergraph from the running sandbox, then starts the gateway on it. */
export async function startHiveGateway(dir: string, sandboxUrl: string): Promise<Proc & { url: string }> {
  writeFileSync(join(dir, "mesh.config.ts"), meshConfig(sandboxUrl));
  const compose = spawnSync(
    process.execPath,
    [join(dir, "node_modules/@graphql-mesh/compose-cli/esm/bin.js"), "-o", "supergraph.graphql"],
    { cwd: dir, encoding: "utf8" },
  );
  if (compose.status !== 0) throw new Error(`mesh-compose failed: ${compose.stderr.slice(-500)}`);
  return startGatewayScript(join(dir, "node_modules/@graphql-hive/gateway/dist/bin.js"), sandboxUrl, {
    args: ["supergraph", join(dir, "supergraph.graphql"), "--port", "{port}", "--host", "127.0.0.1"],
    readyPath: "/healthcheck",
  });
}

/** The benchmark's two operations in the Mesh schema's shape (the user guid is an argument: no token). */
export function hiveBodies(userGuid: string, memberGuid: string): { nested: string; list: string } {
  const nested = `query Member($u: String!, $m: String!) { readMember(user_guid: $u, member_guid: $m) { member {
    guid name connection_status accounts { guid name balance }
    account_owners { account_guid owner_name email } account_numbers { account_guid account_number routing_number } } } }`;
  const list = `query Members($u: String!) { listMembers(user_guid: $u, records_per_page: 1000) {
    members { guid name connection_status accounts { guid name balance } } } }`;
  return {
    nested: JSON.stringify({ query: nested, variables: { u: userGuid, m: memberGuid } }),
    list: JSON.stringify({ query: list, variables: { u: userGuid } }),
  };
}
