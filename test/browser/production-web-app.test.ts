// Production: the app is served only with WEB_APP=on, never with a token, under a strict CSP that
// the real app runs under in Chromium (token pasted by hand, WebSocket on the same origin).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { TestServer } from "../helpers/start-test-server.js";
import { useSandbox, useTestServer } from "../helpers/fixtures.js";
import { screenshot, useBrowser } from "../helpers/browser.js";

const sandbox = useSandbox({ speed: 40 });
const env = { NODE_ENV: "production", LOG_LEVEL: "warn" };
const plain = useTestServer({ upstream: sandbox, env });
const withApp = useTestServer({ upstream: sandbox, env: { ...env, WEB_APP: "on" } });
const browser = useBrowser();

const base = (server: TestServer): string => `http://127.0.0.1:${server.port}`;

describe("the web app in production", () => {
  test("without WEB_APP nothing of the browser side is served, and no token", async () => {
    assert.equal(plain.demoToken, undefined);
    for (const path of ["/", "/web-config.json", "/graphiql", "/index.html"]) {
      const res = await fetch(`${base(plain)}${path}`, { headers: { accept: "text/html" } });
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(await res.text(), /eyJ|Verify account owners/, path);
    }
  });

  test("with WEB_APP=on: the app under a strict CSP and security headers; no token, no GraphiQL", async () => {
    const res = await fetch(`${base(withApp)}/`);
    assert.equal(res.status, 200);
    const csp = res.headers.get("content-security-policy") ?? "";
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ]) {
      assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    assert.ok(res.headers.get("strict-transport-security"));
    assert.ok(res.headers.get("x-frame-options"));
    assert.doesNotMatch(await res.text(), /<script>|<script(?![^>]*src=)/, "no inline script");
    const config = (await (await fetch(`${base(withApp)}/web-config.json`)).json()) as { demoToken: unknown };
    assert.equal(config.demoToken, null);
    assert.equal((await fetch(`${base(withApp)}/graphiql`)).status, 404);
  });

  test("in Chromium the page asks for a token, then runs a flow under that CSP", async () => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${base(withApp)}/`);
    const field = page.getByLabel("Bearer token");
    await field.waitFor();
    assert.equal(await page.getByRole("region").count(), 0, "no member before a token");
    await field.fill(await withApp.token(sandbox.demo.userGuid));
    await page.getByRole("button", { name: "Sign in" }).click();
    const region = page.getByRole("region", { name: "demo_noMfa" });
    await region.getByRole("button", { name: /Verify/ }).click();
    const final = region.getByRole("status").and(page.locator('[data-final="true"]'));
    await final.waitFor();
    assert.match((await final.textContent()) ?? "", /Connected/);
    await region.getByRole("list", { name: "Owners" }).first().waitFor();
    assert.deepEqual(violations, []);
    await screenshot(region, "production-pasted-token");
    await page.close();
  });
});
