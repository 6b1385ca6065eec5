/**
 * Headless Chromium (Debian's `chromium` package) driven by playwright-core: a fresh user-data
 * dir per launch, the launch flags the project standardises on, screenshots under
 * test-output/browser, and WebSocket frames counted as the page receives them.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Locator, type Page, type WebSocket } from "playwright-core";
import { useFixture } from "./fixtures.js";

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where screenshots go (gitignored). */
export const TEST_OUTPUT_DIR = fileURLToPath(new URL("../../../test-output/browser/", import.meta.url));

export function chromiumPath(): string {
  return process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
}

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), "atrium-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 900 },
  });
  context.setDefaultTimeout(20_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A browser of its own for the suite (see fixtures.ts), closed after its tests. */
export function useBrowser(): BrowserSession {
  return useFixture("the browser", launchBrowser, (browser) => browser.close());
}

/** Only the test's own servers: every request to another host is aborted, as on a network without internet. */
export async function blockAllButLocalhost(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route("**/*", async (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === "127.0.0.1" || host === "localhost") return route.continue();
    blocked.push(route.request().url());
    return route.abort("internetdisconnected");
  });
  return blocked;
}

/** A PNG of the page (whole length) or of one element, under test-output/browser. */
export async function screenshot(target: Page | Locator, name: string): Promise<string> {
  mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
  const path = join(TEST_OUTPUT_DIR, `${name}.png`);
  if ("goto" in target) await target.screenshot({ path, fullPage: true });
  else await target.screenshot({ path });
  return path;
}

/** A graphql-transport-ws `next` frame the page received, by subscription field. */
export interface ReceivedFrame {
  url: string;
  id: string;
  field: string;
  data: Record<string, unknown>;
}

/** Records every `next` frame the page's WebSockets receive. */
export function recordWebSocketFrames(page: Page): ReceivedFrame[] {
  const frames: ReceivedFrame[] = [];
  page.on("websocket", (ws: WebSocket) => {
    ws.on("framereceived", ({ payload }) => {
      if (typeof payload !== "string") return;
      const message = JSON.parse(payload) as {
        type?: string;
        id?: string;
        payload?: { data?: Record<string, unknown> };
      };
      if (message.type !== "next" || !message.payload?.data) return;
      for (const [field, data] of Object.entries(message.payload.data)) {
        frames.push({ url: ws.url(), id: message.id ?? "", field, data: data as Record<string, unknown> });
      }
    });
  });
  return frames;
}
