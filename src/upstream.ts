/**
 * Where the data source sends requests: real Atrium when ATRIUM_BASE_URL is
 * set, else the embedded sandbox started in-process on its own port.
 */
import type { Config } from "./config.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "./sandbox/sandbox.js";
import { listenError } from "./transport/http/listen-error.js";

export interface Upstream {
  baseUrl: string;
  apiKey: string;
  clientId: string;
  /** The embedded sandbox, when it is the upstream. */
  sandbox: Sandbox | undefined;
}

export async function resolveUpstream(
  config: Config,
  sandboxOverrides: SandboxOptions = {},
): Promise<Upstream> {
  const { baseUrl, apiKey, clientId } = config.atrium;
  if (baseUrl && apiKey && clientId) return { baseUrl, apiKey, clientId, sandbox: undefined };
  const options: SandboxOptions = {
    port: config.sandbox.port,
    apiKey: apiKey ?? undefined,
    clientId: clientId ?? undefined,
    speed: config.sandbox.speed,
    latencyMs: config.sandbox.latencyMs,
    faultRate: config.sandbox.faultRate,
    identificationEnabled: config.sandbox.identificationEnabled,
    ...sandboxOverrides,
  };
  const sandbox = await startSandbox(options).catch((error: unknown) => {
    throw listenError(error, "SANDBOX_PORT", options.port ?? 0);
  });
  return { baseUrl: sandbox.url, apiKey: sandbox.apiKey, clientId: sandbox.clientId, sandbox };
}
