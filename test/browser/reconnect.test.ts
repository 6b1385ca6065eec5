// The page reaches the server through a TCP proxy the test can cut: when the WebSocket drops the
// page says it is reconnecting, and once the link is back the status catches up by itself. The
// token arrives in the URL fragment, as an embedding app would hand it over.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Page } from "playwright-core";
import { waitFor } from "../helpers/start-test-server.js";
import { setUp, useTestServer } from "../helpers/fixtures.js";
import { freshMember } from "../helpers/sandbox-http.js";
import { useTcpProxy } from "../helpers/tcp-proxy.js";
import { recordWebSocketFrames, screenshot, useBrowser } from "../helpers/browser.js";

const server = useTestServer({ env: { LOG_LEVEL: "warn" } });
const proxy = useTcpProxy(() => `http://127.0.0.1:${server.port}`);
const browser = useBrowser();
let page: Page;

setUp(async () => {
  page = await browser.context.newPage();
});

describe("live status across a dropped WebSocket", () => {
  test("shows reconnecting while the socket is down, then the final status and the owners", async () => {
    const member = await freshMember(server, "challenge");
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    const frames = recordWebSocketFrames(page);
    const origin = proxy.url(`http://127.0.0.1:${server.port}/`).replace(/\/$/, "");
    await page.goto(`${origin}/#token=${encodeURIComponent(member.token)}`);
    const region = page.getByRole("region", { name: "MX Bank" });
    await region.getByRole("button", { name: /Verify/ }).click();
    await region.getByRole("textbox", { name: "What city were you born in?" }).waitFor();
    assert.equal(new URL(page.url()).hash, "", "the token left the address bar");

    await proxy.cut();
    const banner = page.getByRole("alert").filter({ hasText: "Reconnecting to live updates" });
    await banner.waitFor();
    await screenshot(page, "reconnecting");

    // While the page is cut off, the job goes on: the answer comes from elsewhere.
    const challenge = server.sandbox!.controls.getMember(member.guid);
    assert.equal(challenge?.connection_status, "CHALLENGED");
    const status = await server.gql<{ member: { memberStatus: { challenges: Array<{ guid: string }> } } }>(
      `query($g: ID!) { member(guid: $g) { memberStatus { challenges { guid } } } }`,
      { g: member.guid },
      { token: member.token },
    );
    const challengeGuid = status.data!.member.memberStatus.challenges[0]!.guid;
    const answered = await server.gql(
      `mutation($g: ID!, $a: [MfaAnswerInput!]!) { answerMfa(memberGuid: $g, answers: $a) { member { guid } } }`,
      { g: member.guid, a: [{ challengeGuid, value: "correct" }] },
      { token: member.token },
    );
    assert.equal(answered.errors, undefined);
    await waitFor(
      () => Promise.resolve(server.sandbox!.controls.getMember(member.guid)),
      (m) => m?.connection_status === "CONNECTED" && m.is_being_aggregated === false,
    );
    assert.ok(await banner.isVisible(), "still cut off");

    await proxy.restore();
    const final = region.getByRole("status").and(page.locator('[data-final="true"]'));
    await final.waitFor();
    assert.match((await final.textContent()) ?? "", /Connected/);
    await banner.waitFor({ state: "hidden" });
    await region.getByRole("list", { name: "Owners" }).first().waitFor();
    const owners = server.sandbox!.controls.getAccountOwners(member.guid);
    const text = await region.innerText();
    for (const owner of owners) assert.ok(text.includes(owner.owner_name), owner.owner_name);

    assert.ok(sockets.length >= 2, `a new socket after the cut (${sockets.length})`);
    const last = frames.filter((f) => f.field === "memberStatus").at(-1);
    assert.deepEqual([last?.data["connectionStatus"], last?.data["isFinal"]], ["CONNECTED", true]);
    await screenshot(region, "caught-up-after-reconnect");
  });
});
