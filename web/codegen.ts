/**
 * Typed documents for the web app: GraphQL Code Generator's client preset, run from the
 * build (a Vite plugin) on the committed `schema.graphql` and `src/operations/*.graphql`.
 * Programmatic rather than through `@graphql-codegen/cli`, whose loaders need Node 22.
 */
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { buildSchema, parse, type DocumentNode } from "graphql";
import { codegen } from "@graphql-codegen/core";
import { preset } from "@graphql-codegen/client-preset";

export interface CodegenPaths {
  schemaFile: string;
  operationsDir: string;
  /** Output folder, ending with "/". */
  outputDir: string;
}

/** Writes the client preset's files; only files whose text changed are rewritten. */
export async function generateTypedDocuments(paths: CodegenPaths): Promise<string[]> {
  const schemaText = await readFile(paths.schemaFile, "utf8");
  const schemaAst = buildSchema(schemaText);
  const schema: DocumentNode = parse(schemaText);
  const names = (await readdir(paths.operationsDir)).filter((n) => n.endsWith(".graphql")).sort();
  const documents = await Promise.all(
    names.map(async (name) => {
      const location = join(paths.operationsDir, name);
      const rawSDL = await readFile(location, "utf8");
      return { location, rawSDL, document: parse(rawSDL) };
    }),
  );
  const sections = await preset.buildGeneratesSection({
    baseOutputDir: paths.outputDir,
    schema,
    schemaAst,
    documents,
    config: { useTypeImports: true, enumType: "const" },
    presetConfig: { fragmentMasking: false },
    plugins: [],
    pluginMap: {},
  });
  const written: string[] = [];
  for (const section of sections) {
    const contents = await codegen(section);
    const previous = await readFile(section.filename, "utf8").catch(() => undefined);
    if (previous === contents) continue;
    await mkdir(dirname(section.filename), { recursive: true });
    await writeFile(section.filename, contents);
    written.push(section.filename);
  }
  return written;
}
