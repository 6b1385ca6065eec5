// The live identify app at `/` in headless Chromium: every MFA scenario end to end in one page,
// without reloading, driven by role and accessible name; status over the WebSocket.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Locator, Page, Request } from "playwright-core";
import { setUp, useTestServer } from "../helpers/fixtures.js";
import { recordWebSocketFrames, screenshot, useBrowser, type ReceivedFrame } from "../helpers/browser.js";
import type { DemoMemberName } from "../../src/sandbox/seed.js";
import { atrium } from "../helpers/sandbox-http.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";

const server = useTestServer({ env: { LOG_LEVEL: "warn" } });
const browser = useBrowser();
let page: Page;
let frames: ReceivedFrame[];
const statusOverHttp: string[] = [];

setUp(async () => {
  page = await browser.context.newPage();
  frames = recordWebSocketFrames(page);
  page.on("request", (request: Request) => {
    if (request.method() === "POST" && /memberStatus/.test(request.postData() ?? ""))
      statusOverHttp.push(request.url());
  });
  await page.goto(`http://127.0.0.1:${server.port}/`);
  // Survives only as long as this document does: a reload would drop it.
  await page.evaluate(() => ((window as unknown as { loadMarker: string }).loadMarker = "first load"));
});

const demoGuid = (name: DemoMemberName): string => server.sandbox!.demo.members[name];

/** The member's region, named by its name and identifier ("MX Bank demo_noMfa"). */
const memberRegion = (name: DemoMemberName): Locator => page.getByRole("region", { name: `demo_${name}` });

async function verify(name: DemoMemberName, options: { transactions?: boolean } = {}): Promise<Locator> {
  const region = memberRegion(name);
  if (options.transactions) await region.getByRole("checkbox", { name: "Include transactions" }).check();
  await region.getByRole("button", { name: /Verify/ }).click();
  return region;
}

/** Waits for the flow's final status and returns its text. */
async function finalStatus(region: Locator): Promise<string> {
  const status = region.getByRole("status");
  await status.and(page.locator('[data-final="true"]')).waitFor();
  return (await status.textContent()) ?? "";
}

async function answerText(region: Locator, label: string, value: string): Promise<void> {
  await region.getByRole("textbox", { name: label }).fill(value);
  await region.getByRole("button", { name: "Submit" }).click();
}

/** Owners from the sandbox and masked numbers (last four) are shown; full numbers only on reveal. */
async function assertResults(region: Locator, name: DemoMemberName): Promise<void> {
  const guid = demoGuid(name);
  const owners = server.sandbox!.controls.getAccountOwners(guid);
  const numbers = server.sandbox!.controls.getAccountNumbers(guid);
  assert.ok(owners.length > 0 && numbers.length > 0, "the sandbox revealed owners and numbers");
  await region.getByRole("list", { name: "Owners" }).first().waitFor();
  const text = (await region.innerText()).replace(/\s+/g, " ");
  for (const owner of owners) assert.ok(text.includes(owner.owner_name), owner.owner_name);
  for (const number of numbers) {
    assert.ok(text.includes(`•••• ${number.account_number.slice(-4)}`), "masked number");
    assert.ok(!text.includes(number.account_number), "the full number stays hidden until revealed");
  }
  const first = numbers[0]!.account_number;
  await region
    .getByRole("button", { name: `Show account number ending ${first.slice(-4)}` })
    .first()
    .click();
  assert.ok((await region.innerText()).includes(first), "revealed");
  await region
    .getByRole("button", { name: `Hide account number ending ${first.slice(-4)}` })
    .first()
    .click();
  assert.ok(!(await region.innerText()).includes(first), "masked again");
}

/** The flow ended Connected with the sandbox's owners and masked numbers shown; then a screenshot. */
async function expectConnected(region: Locator, name: DemoMemberName, shot?: string): Promise<void> {
  assert.match(await finalStatus(region), /Connected/);
  await assertResults(region, name);
  if (shot) await screenshot(region, shot);
}

/** The radio group of the OPTIONS-like challenge labelled `question`, once shown, with its three choices. */
async function threeChoices(region: Locator, question: string): Promise<Locator> {
  const group = region.getByRole("radiogroup", { name: question });
  await group.waitFor();
  assert.equal(await group.getByRole("radio").count(), 3);
  return group;
}

/** Checks one radio of `group` and submits the answer. */
async function submitChoice(
  region: Locator,
  group: Locator,
  radio: { name: string; exact?: boolean },
): Promise<void> {
  await group.getByRole("radio", radio).check();
  await region.getByRole("button", { name: "Submit" }).click();
}

/** Waits for the region's alert and checks its sentence; returns it (for its buttons). */
async function expectAlert(region: Locator, sentence: RegExp): Promise<Locator> {
  const alert = region.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), sentence);
  return alert;
}

describe("the identify app in Chromium", () => {
  test("lists the demo user's members with name, institution and connection status", async () => {
    await memberRegion("noMfa").waitFor();
    const list = page.getByRole("list", { name: "Bank connections" });
    const members = Object.keys(server.sandbox!.demo.members);
    assert.equal(await list.getByRole("listitem").and(page.locator(".members > li")).count(), members.length);
    const text = await memberRegion("noIdentification").innerText();
    assert.match(text, /MX Bank/);
    assert.match(text, /mxbank_noid/);
    assert.match(text, /connection created/);
  });

  test("no MFA: connected, owners and masked numbers; each status change arrived as a WebSocket frame", async () => {
    // Slow enough for the 50 ms poller to see each step of the job.
    server.sandbox!.controls.setSpeed(4);
    const region = await verify("noMfa");
    assert.match(await finalStatus(region), /Connected/);
    server.sandbox!.controls.setSpeed(40);
    await assertResults(region, "noMfa");
    const mine = frames.filter(
      (f) => f.field === "memberStatus" && f.data["memberGuid"] === demoGuid("noMfa"),
    );
    const seen = mine.map(
      (f) => `${String(f.data["connectionStatus"])}/${String(f.data["isBeingAggregated"])}`,
    );
    assert.ok(mine.length >= 3 && new Set(seen).size >= 2, seen.join(", "));
    assert.deepEqual(
      [mine.at(-1)?.data["connectionStatus"], mine.at(-1)?.data["isFinal"]],
      ["CONNECTED", true],
    );
    assert.ok(mine.every((f) => f.url.endsWith("/graphql") && f.url.startsWith("ws://")));
    assert.deepEqual(statusOverHttp, [], "the status never travels over HTTP");
    await screenshot(region, "no-mfa");
  });

  test("TEXT MFA with two rounds, answered in a row", async () => {
    const region = await verify("textMfa");
    await answerText(region, "What city were you born in?", "challenge");
    await answerText(region, "What is the name of your first pet?", "correct");
    await expectConnected(region, "textMfa", "text-mfa-two-rounds");
  });

  test("OPTIONS MFA: one radio per option in a group labelled by the question", async () => {
    const region = await verify("optionsMfa");
    const group = await threeChoices(region, "Which of these options is correct?");
    await submitChoice(region, group, { name: "correct", exact: true });
    await expectConnected(region, "optionsMfa", "options-mfa");
  });

  test("IMAGE_DATA MFA: the image, then a text answer", async () => {
    const region = await verify("imageMfa");
    const image = region.getByRole("img", { name: "Image from your bank" });
    await image.waitFor();
    assert.ok(
      await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      "image decoded",
    );
    await answerText(region, "What is shown in this image?", "correct");
    await expectConnected(region, "imageMfa", "image-data-mfa");
  });

  test("IMAGE_OPTIONS MFA: a grid of image radios", async () => {
    const region = await verify("imageOptionsMfa");
    const group = await threeChoices(region, "Which image is your security image?");
    assert.equal(await group.locator("img").count(), 3);
    await screenshot(region, "image-options-mfa-question");
    await submitChoice(region, group, { name: "Blue square" });
    await expectConnected(region, "imageOptionsMfa", "image-options-mfa");
  });

  test("TOKEN MFA: a code input labelled by the challenge", async () => {
    const region = await verify("tokenMfa");
    await answerText(region, "Enter the one-time code sent to your phone", "correct");
    await expectConnected(region, "tokenMfa", "token-mfa");
  });

  test("a wrong answer ends REJECTED with a sentence, and no owners are shown", async () => {
    const region = await verify("optionsMfa");
    const group = region.getByRole("radiogroup", { name: "Which of these options is correct?" });
    await submitChoice(region, group, { name: "wrong" });
    assert.match(await finalStatus(region), /answer provided was incorrect/);
    assert.equal(await region.getByRole("list", { name: "Owners" }).count(), 0);
    await screenshot(region, "rejected");
  });

  test("DENIED: the credentials sentence, the flow ends", async () => {
    const region = await verify("denied");
    assert.match(await finalStatus(region), /credentials entered do not match/);
    assert.equal(await region.getByRole("button", { name: /Verify/ }).isEnabled(), true);
    await screenshot(region, "denied");
  });

  test("an institution without identification: a customer sentence, no retry offered", async () => {
    const region = await verify("noIdentification");
    const alert = await expectAlert(region, /This bank does not let us verify account owners/);
    assert.equal(await alert.getByRole("button", { name: "Try again" }).count(), 0);
    await screenshot(region, "no-identification");
  });

  test("UPSTREAM_UNAVAILABLE offers Try again, which then runs the flow with transactions", async () => {
    const sandbox = server.sandbox!;
    sandbox.controls.injectFault({
      kind: "503",
      route: UPSTREAM_ROUTES.identify,
      times: 20,
    });
    const region = await verify("fourAccounts", { transactions: true });
    const alert = await expectAlert(region, /cannot reach your bank right now/);
    sandbox.controls.clearFaults();
    await alert.getByRole("button", { name: "Try again" }).click();
    await expectConnected(region, "fourAccounts");
    assert.equal(await region.getByRole("region", { name: /^Account / }).count(), 4);
    assert.equal(await region.getByRole("table", { name: /Recent transactions/ }).count(), 4);
    await screenshot(region, "four-accounts-with-transactions");
  });

  test("AGGREGATION_IN_PROGRESS offers Try again; once the other job is over the flow runs", async () => {
    const sandbox = server.sandbox!;
    const guid = demoGuid("imageMfa");
    const memberPath = `/users/${sandbox.demo.userGuid}/members/${guid}`;
    // The partner's backend starts an aggregation, which pauses on its MFA question.
    assert.equal((await atrium(sandbox, "POST", `${memberPath}/aggregate`)).status, 200);
    sandbox.controls.settle(guid);
    const region = await verify("imageMfa");
    const alert = await expectAlert(region, /still updating this connection/);
    await screenshot(region, "aggregation-in-progress");
    const pending = await atrium<{ challenges: Array<{ guid: string }> }>(
      sandbox,
      "GET",
      `${memberPath}/challenges`,
    );
    const challenges = pending.body.challenges;
    const resumed = await atrium(sandbox, "PUT", `${memberPath}/resume`, {
      member: { challenges: [{ guid: challenges[0]!.guid, value: "correct" }] },
    });
    assert.equal(resumed.status, 200);
    sandbox.controls.settle(guid);
    assert.equal(sandbox.controls.getMember(guid)?.is_being_aggregated, false);
    await alert.getByRole("button", { name: "Try again" }).click();
    await answerText(region, "What is shown in this image?", "correct");
    await expectConnected(region, "imageMfa");
  });

  test("the whole run happened in one page load", async () => {
    const marker = await page.evaluate(() => (window as unknown as { loadMarker?: string }).loadMarker);
    assert.equal(marker, "first load");
    assert.equal(page.url(), `http://127.0.0.1:${server.port}/`);
  });
});
