// The web app (index.html) and the offline explorer (graphiql.html), built into dist/web for
// the server to serve; no CDN at run time. Typed documents are generated first.
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { generateTypedDocuments } from "./codegen.ts";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

function typedDocuments(): Plugin {
  return {
    name: "atrium-typed-documents",
    async buildStart() {
      await generateTypedDocuments({
        schemaFile: here("../schema.graphql"),
        operationsDir: here("./src/operations"),
        outputDir: here("./src/gql/"),
      });
    },
  };
}

export default defineConfig({
  root: here("."),
  base: "/",
  plugins: [typedDocuments(), react()],
  build: {
    outDir: here("../dist/web"),
    emptyOutDir: true,
    // The polyfill would be an inline script; the CSP allows none.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      input: { app: here("./index.html"), graphiql: here("./graphiql.html") },
      // GraphiQL's React-compiler directives: harmless when bundled, noisy in every build.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  worker: { format: "es" },
});
