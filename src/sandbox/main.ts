// Standalone entry: `npm run sandbox`. Reads SANDBOX_* variables (sandbox-config.ts), starts the
// sandbox, prints how to reach it and the demo data, and stops cleanly on SIGINT/SIGTERM.
import { sandboxOptionsFromEnv } from "./sandbox-config.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "./sandbox.js";
import { DEMO_MEMBER_PLANS, type DemoMemberName } from "./seed.js";

function describe(sandbox: Sandbox, options: SandboxOptions): string[] {
  const headers = `-H 'Accept: application/vnd.mx.atrium.v1+json' -H 'MX-API-Key: ${sandbox.apiKey}' -H 'MX-Client-ID: ${sandbox.clientId}'`;
  const lines = [
    `Atrium sandbox listening on ${sandbox.url}`,
    `MX-API-Key: ${sandbox.apiKey}`,
    `MX-Client-ID: ${sandbox.clientId}`,
    `speed ${options.speed ?? 1}, latency ${options.latencyMs ?? 0} ms, fault rate ${options.faultRate ?? 0}, identification ${options.identificationEnabled === false ? "disabled" : "enabled"}`,
    `demo user (identifier "demo"): ${sandbox.demo.userGuid}`,
  ];
  for (const [name, guid] of Object.entries(sandbox.demo.members) as Array<[DemoMemberName, string]>) {
    const plan = DEMO_MEMBER_PLANS[name];
    lines.push(
      `  ${name}: ${guid} (${plan.institutionCode}, ${plan.username}/${plan.password}: ${plan.scenario})`,
    );
  }
  lines.push(`try: curl -s ${headers} ${sandbox.url}/users/${sandbox.demo.userGuid}/members`);
  return lines;
}

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = sandboxOptionsFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const sandbox = await startSandbox(options);
  for (const line of describe(sandbox, options)) process.stdout.write(`${line}\n`);
  const stop = (signal: string): void => {
    process.stdout.write(`${signal}: stopping the sandbox\n`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
