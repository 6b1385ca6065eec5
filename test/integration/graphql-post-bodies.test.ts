/**
 * The node:http path of `POST /graphql` reads plain JSON bodies itself and
 * hands everything else to body-parser: both must answer alike. Each body is
 * sent twice, once plain (Content-Length, application/json) and once chunked,
 * which only body-parser reads.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { useTestServer } from "../helpers/fixtures.js";

const server = useTestServer();

interface Answer {
  status: number;
  codes: unknown[];
  data: unknown;
}

async function send(body: string, chunked: boolean): Promise<Answer> {
  const payload = chunked
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      })
    : body;
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.demoToken}` },
    body: payload,
    ...(chunked ? { duplex: "half" } : {}),
  });
  const json = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
  return { status: res.status, codes: (json.errors ?? []).map((e) => e.extensions?.code), data: json.data };
}

describe("POST /graphql bodies: the plain path answers as body-parser does", () => {
  const bodies: Array<[string, string]> = [
    ["a query", JSON.stringify({ query: "{ members { guid } }" })],
    ["malformed JSON", '{"query": '],
    ["a JSON string", '"{ members { guid } }"'],
    ["an empty body", ""],
    ["a batch", JSON.stringify([{ query: "{ members { guid } }" }])],
    ["whitespace before the object", `  \n${JSON.stringify({ query: "{ members { guid } }" })}`],
  ];
  for (const [name, body] of bodies) {
    test(name, async () => {
      const plain = await send(body, false);
      const chunked = await send(body, true);
      assert.deepEqual(plain, chunked);
    });
  }

  test("the plain path still answers the query and refuses bad bodies with BAD_REQUEST", async () => {
    const ok = await send(JSON.stringify({ query: "{ members { guid } }" }), false);
    assert.equal(ok.status, 200);
    assert.ok(Array.isArray((ok.data as { members: unknown[] }).members));
    const bad = await send('{"query": ', false);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.codes, ["BAD_REQUEST"]);
  });
});
