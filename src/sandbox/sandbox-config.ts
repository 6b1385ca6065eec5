// Environment → SandboxOptions for the standalone sandbox (`npm run sandbox`; DESIGN.md "Configuration").
import type { SandboxOptions } from "./sandbox.js";

/** Default port of the standalone sandbox. */
export const DEFAULT_SANDBOX_PORT = 4010;

function present(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function numberVar(
  env: NodeJS.ProcessEnv,
  name: string,
  check: (n: number) => boolean,
  rule: string,
): number | undefined {
  const raw = present(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) throw new Error(`${name} must be ${rule} (got "${raw}")`);
  return value;
}

function booleanVar(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = present(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new Error(`${name} must be true or false (got "${raw}")`);
}

/**
 * Reads the standalone sandbox's options:
 * - `SANDBOX_PORT` (default 4010), `SANDBOX_HOST` (default 127.0.0.1);
 * - `SANDBOX_API_KEY` / `SANDBOX_CLIENT_ID`, else `ATRIUM_API_KEY` / `ATRIUM_CLIENT_ID`, else the defaults;
 * - `SANDBOX_SPEED` (> 0, default 1), `SANDBOX_LATENCY_MS` (≥ 0, default 0), `SANDBOX_FAULT_RATE` (0..1,
 *   default 0), `SANDBOX_HANG_MS` (≥ 0, default 60000), `SANDBOX_IDENTIFICATION_ENABLED` (true/false, default true).
 * Empty values count as unset. Throws an Error whose message starts with the offending variable's name.
 */
export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv): SandboxOptions {
  const options: SandboxOptions = {};
  const port = numberVar(
    env,
    "SANDBOX_PORT",
    (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
    "an integer 0..65535",
  );
  options.port = port ?? DEFAULT_SANDBOX_PORT;
  const host = present(env, "SANDBOX_HOST");
  if (host !== undefined) options.host = host;
  const apiKey = present(env, "SANDBOX_API_KEY") ?? present(env, "ATRIUM_API_KEY");
  if (apiKey !== undefined) options.apiKey = apiKey;
  const clientId = present(env, "SANDBOX_CLIENT_ID") ?? present(env, "ATRIUM_CLIENT_ID");
  if (clientId !== undefined) options.clientId = clientId;
  const speed = numberVar(env, "SANDBOX_SPEED", (n) => n > 0, "a number above 0");
  if (speed !== undefined) options.speed = speed;
  const latency = numberVar(env, "SANDBOX_LATENCY_MS", (n) => n >= 0, "a number of milliseconds ≥ 0");
  if (latency !== undefined) options.latencyMs = latency;
  const faultRate = numberVar(env, "SANDBOX_FAULT_RATE", (n) => n >= 0 && n <= 1, "a number between 0 and 1");
  if (faultRate !== undefined) options.faultRate = faultRate;
  const hangMs = numberVar(env, "SANDBOX_HANG_MS", (n) => n >= 0, "a number of milliseconds ≥ 0");
  if (hangMs !== undefined) options.hangMs = hangMs;
  const identification = booleanVar(env, "SANDBOX_IDENTIFICATION_ENABLED");
  if (identification !== undefined) options.identificationEnabled = identification;
  return options;
}
