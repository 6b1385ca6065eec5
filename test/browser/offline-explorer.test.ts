// On a network without internet, Apollo Sandbox's CDN script cannot load: /graphql must end by
// itself in the bundled GraphiQL, which runs the example operation (HTTP) and a memberStatus
// subscription (graphql-ws) with the demo token it was opened with.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { setUp, useTestServer } from "../helpers/fixtures.js";
import { blockAllButLocalhost, recordWebSocketFrames, screenshot, useBrowser } from "../helpers/browser.js";

const server = useTestServer({ env: { LOG_LEVEL: "warn" } });
const browser = useBrowser();
let blocked: string[];
let page: Page;

setUp(async () => {
  blocked = await blockAllButLocalhost(browser.context);
  page = await browser.context.newPage();
});

async function run(): Promise<Locator> {
  await page.getByRole("button", { name: /Execute query/ }).click();
  return page.getByRole("region", { name: "Result Window" });
}

/** Waits until the result window's text satisfies `pattern`. */
async function resultMatching(result: Locator, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const text = (await result.innerText()).replace(/\s+/g, " ");
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) assert.fail(`result window never matched ${String(pattern)}: ${text}`);
    await page.waitForTimeout(100);
  }
}

describe("the explorer without internet", () => {
  test("/graphql falls back by itself to GraphiQL, pre-filled with the example operation and the demo token", async () => {
    await page.goto(`http://127.0.0.1:${server.port}/graphql`);
    await page.waitForURL(`http://127.0.0.1:${server.port}/graphiql`);
    assert.ok(
      blocked.some((url) => url.startsWith("https://embeddable-sandbox.cdn.apollographql.com/")),
      blocked.join("\n"),
    );
    const editor = page.getByRole("region", { name: "Operation Editor" });
    await editor.getByText("query Members").waitFor();
    const result = await run();
    const text = await resultMatching(result, /"members"/);
    assert.ok(
      text.includes(server.sandbox!.demo.members.noMfa),
      "the demo user's members, with the demo token",
    );
    assert.ok(!text.includes('"errors"'), text);
    await screenshot(page, "graphiql-offline-example");
  });

  test("a memberStatus subscription streams over graphql-ws from GraphiQL", async () => {
    const frames = recordWebSocketFrames(page);
    const guid = server.sandbox!.demo.members.noMfa;
    await page.getByRole("region", { name: "Operation Editor" }).locator(".monaco-editor").first().click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(
      `subscription Watch { memberStatus(memberGuid: "${guid}") { memberGuid connectionStatus isBeingAggregated isFinal } }`,
    );
    // GraphiQL names the tab after the operation once it has taken in the edit.
    await page.getByRole("tab", { name: /Watch/ }).waitFor();
    const result = await run();
    await resultMatching(result, /"memberStatus"/);
    server.sandbox!.controls.setSpeed(4);
    const identify = await server.gql(
      `mutation($g: ID!) { identifyMember(memberGuid: $g) { alreadyRunning } }`,
      { g: guid },
    );
    assert.equal(identify.errors, undefined);
    const text = await resultMatching(
      result,
      /"connectionStatus": "CONNECTED", "isBeingAggregated": false, "isFinal": true/,
    );
    server.sandbox!.controls.setSpeed(40);
    assert.ok(text.includes(guid));
    const mine = frames.filter((f) => f.field === "memberStatus" && f.data["memberGuid"] === guid);
    assert.ok(mine.length >= 2, `${mine.length} frames`);
    await screenshot(page, "graphiql-offline-subscription");
  });
});
