/**
 * The layers, lowest first, written once (ARCHITECTURE.md draws them). A module
 * may import its own layer and the ones below it, never one above; no cycles;
 * the sandbox stands apart and imports nothing of the server.
 */
const LAYERS = [
  ["domain", "^src/domain/"],
  ["foundation", "^src/(observability/|config(-env|-types)?\\.ts$)"],
  ["auth", "^src/auth/"],
  ["datasources", "^src/datasources/"],
  ["subscriptions", "^src/subscriptions/"],
  ["scale-out", "^src/scale-out/"],
  ["schema", "^src/schema/"],
  ["graphql core", "^src/graphql/"],
  ["resolvers", "^src/resolvers/"],
  ["transports", "^src/(transport|webhooks)/"],
  ["wiring", "^src/((upstream|server)\\.ts$|wiring/)"],
  ["entry points", "^src/(main|print-schema)\\.ts$"],
];

const upward = LAYERS.flatMap(([name, path], index) => {
  const above = LAYERS.slice(index + 1).map(([, p]) => p);
  if (above.length === 0) return [];
  return [
    {
      name: `no-upward-from-${name.replace(/\s+/g, "-")}`,
      comment: `${name} may not import a higher layer`,
      severity: "error",
      from: { path },
      to: { path: above },
    },
  ];
});

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: { path: "^src/" }, to: { circular: true } },
    ...upward,
    {
      name: "sandbox-apart",
      comment: "the sandbox emulates upstream; of the server it shares only the table of upstream routes",
      severity: "error",
      from: { path: "^src/sandbox/" },
      to: { path: "^src/", pathNot: ["^src/sandbox/", "^src/domain/upstream-routes\\.ts$"] },
    },
    {
      name: "only-wiring-starts-the-sandbox",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/sandbox/", "^src/(upstream|server|main)\\.ts$"] },
      to: { path: "^src/sandbox/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    includeOnly: "^src/",
  },
};
