// The embedded MX Atrium API sandbox: an in-memory emulation of the Atrium endpoints this project
// uses (ATRIUM.md), on plain node:http. `startSandbox()` is the only entry point other modules need.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { RingCallRecorder, type CallRecorder } from "./call-recorder.js";
import { createControls, type SandboxControls } from "./controls.js";
import { FaultPlan } from "./faults.js";
import { errorReply, writeReply } from "./http-io.js";
import { JobRunner } from "./jobs.js";
import { handleRequest, type PipelineDeps } from "./request-pipeline.js";
import { Router } from "./router.js";
import { ATRIUM_ROUTES } from "./routes/index.js";
import { PLATFORM_ROUTES } from "./routes/platform-routes.js";
import { seedDemo, type DemoData } from "./seed.js";
import { validateMilliseconds, validateSpeed, type SandboxState } from "./state.js";
import { SandboxStore } from "./store.js";
import { TimerRegistry } from "./timers.js";
import { WebhookSender, type WebhookDelivery, type WebhookTarget } from "./webhook-sender.js";

export type { CallFilter, CallRecorder, RecordedCall } from "./call-recorder.js";
export type { LatencyFilter, MemberStatusPatch, SandboxControls } from "./controls.js";
export type { FaultKind, FaultRule } from "./faults.js";
export type { DemoData } from "./seed.js";
export type { WebhookDelivery, WebhookTarget } from "./webhook-sender.js";
export type * from "./wire-types.js";

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Port to listen on; default 0 (an ephemeral port). `main.ts` uses SANDBOX_PORT (default 4010). */
  port?: number;
  /** Interface to bind; default "127.0.0.1". */
  host?: string;
  /** The one accepted `MX-API-Key`; default "sandbox-api-key". */
  apiKey?: string;
  /** The one accepted `MX-Client-ID`; default "sandbox-client-id". */
  clientId?: string;
  /** Job speed factor, default 1 (2 = twice as fast): each step waits random 300..800 ms / speed. */
  speed?: number;
  /** Latency added to every API answer, default 0 ms. */
  latencyMs?: number;
  /** Share (0..1) of API requests failed with a mix of 500, 503, 429 (Retry-After: 1) and a hang; default 0. */
  faultRate?: number;
  /** How long a "hang" fault holds a request before closing its socket without answer; default 60000 ms. */
  hangMs?: number;
  /** Default true; false → identify answers 403. */
  identificationEnabled?: boolean;
  /** Seed the demo user and its members at start; default true (when false, `demo` has empty guids). */
  seed?: boolean;
  /** Deliver MX's Platform API webhooks here when members change (also `controls.setWebhookTarget`). */
  webhookTarget?: WebhookTarget;
  /** Randomness for fault choice and step delays (tests may pass a deterministic one); default Math.random. */
  random?: () => number;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL without trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  apiKey: string;
  clientId: string;
  /** The seeded demo user and member guids. */
  demo: DemoData;
  /** Every API request after authentication. */
  calls: CallRecorder;
  /** Test-only controls (also over HTTP under `/_sandbox/…`). */
  controls: SandboxControls;
  /** The webhooks sent so far (the newest 10,000), with their answer statuses. */
  webhooks: { deliveries(): WebhookDelivery[]; reset(): void };
  /** Closes the server and every socket (hanging and keep-alive ones too) and clears every timer. */
  close(): Promise<void>;
}

const EMPTY_DEMO: DemoData = {
  userGuid: "",
  identifier: "demo",
  members: {
    noMfa: "",
    textMfa: "",
    optionsMfa: "",
    imageMfa: "",
    imageOptionsMfa: "",
    tokenMfa: "",
    denied: "",
    noIdentification: "",
    fourAccounts: "",
    manyTransactions: "",
  },
};

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** The sandbox's memory: store, jobs, faults and settings, from the options. */
function createState(options: SandboxOptions, timers: TimerRegistry): SandboxState {
  const speed = options.speed ?? 1;
  validateSpeed(speed);
  validateMilliseconds(options.latencyMs ?? 0, "latencyMs");
  validateMilliseconds(options.hangMs ?? 60_000, "hangMs");
  const random = options.random ?? Math.random;
  const now = (): Date => new Date();
  const settings = {
    identificationEnabled: options.identificationEnabled ?? true,
    speed,
    latencyMs: options.latencyMs ?? 0,
    latencyByRoute: new Map<string, number>(),
    hangMs: options.hangMs ?? 60_000,
  };
  const startDay = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  const store = new SandboxStore(startDay);
  const webhooks = new WebhookSender(store);
  webhooks.setTarget(options.webhookTarget);
  return {
    store,
    webhooks,
    jobs: new JobRunner({
      timers,
      random,
      now,
      speed: () => settings.speed,
      onChange: (record) => webhooks.memberChanged(record),
    }),
    faults: new FaultPlan(options.faultRate ?? 0, random),
    settings,
    now,
  };
}

/** The HTTP server: every request through the pipeline; unparseable HTTP answered 400, never a crash. */
function createSandboxServer(deps: PipelineDeps): Server {
  const server = createServer((req, res) => {
    handleRequest(deps, req, res).catch((error: unknown) => {
      console.error("sandbox: request failed", error);
      writeReply(res, errorReply(500, "internal sandbox error"));
    });
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable)
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  return server;
}

/** Starts a sandbox; resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const timers = new TimerRegistry();
  const state = createState(options, timers);
  const { store, webhooks } = state;
  const demo = options.seed === false ? EMPTY_DEMO : seedDemo(store, state.now());
  const calls = new RingCallRecorder();
  const controls = createControls(state);
  const apiKey = options.apiKey ?? "sandbox-api-key";
  const clientId = options.clientId ?? "sandbox-client-id";
  const server = createSandboxServer({
    apiKey,
    clientId,
    routers: { atrium: new Router(ATRIUM_ROUTES), platform: new Router(PLATFORM_ROUTES) },
    state,
    calls,
    timers,
    control: { controls, demo, calls, state },
  });
  const address = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      timers.clearAll();
      webhooks.close();
      for (const record of store.allMembers()) state.jobs.cancel(record);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: `http://${shownHost}:${address.port}`,
    apiKey,
    clientId,
    demo,
    calls,
    controls,
    webhooks: { deliveries: () => webhooks.deliveries(), reset: () => webhooks.reset() },
    close,
  };
}
