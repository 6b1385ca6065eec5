/** `npm run bench`: runs each benchmark in its own process, one after another. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { availableParallelism, cpus, totalmem } from "node:os";

const benches = ["gateway-compare.js", "query-overhead.js", "fan-out.js", "scale-out.js", "webhook-delay.js"];
const only = process.argv.slice(2);
process.stdout.write(
  `# atrium-graphql benchmarks, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `nproc ${availableParallelism()}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB\n\n`,
);
let failed = false;
for (const bench of benches) {
  if (only.length && !only.some((name) => bench.startsWith(name))) continue;
  const file = fileURLToPath(new URL(bench, import.meta.url));
  if (!existsSync(file)) continue;
  process.stdout.write(`## ${bench.replace(/\.js$/, "")}\n\n`);
  const result = spawnSync(
    process.execPath,
    ["--max-old-space-size=8192", "--max-semi-space-size=32", file],
    { stdio: "inherit" },
  );
  if (result.status !== 0) failed = true;
  process.stdout.write("\n");
}
process.exit(failed ? 1 : 0);
