/**
 * Writes the served schema's SDL to `schema.graphql` at the repository root, for
 * client code generation. A contract test fails when the file drifts.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildAppSchema } from "./resolvers/build-schema.js";

export const SCHEMA_FILE = fileURLToPath(new URL("../../schema.graphql", import.meta.url));

export async function printAppSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(SCHEMA_FILE, await printAppSchema());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
