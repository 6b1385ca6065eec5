import { Writable } from "node:stream";
import assert from "node:assert/strict";

/** A pino destination that keeps every line, so tests can assert on what was logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) this.lines.push(line);
    callback();
  }

  /** Fails when any captured line contains one of the secrets. */
  assertNoSecrets(secrets: Array<string | undefined>): void {
    for (const secret of secrets) {
      if (!secret || secret.length < 6) continue;
      const leaked = this.lines.find((line) => line.includes(secret));
      assert.equal(leaked, undefined, `a log line contains a secret: ${leaked?.slice(0, 200)}`);
    }
  }
}
