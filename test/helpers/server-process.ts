/** Runs `dist/src/main.js` as a real child process, the way `npm start` does. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const MAIN = fileURLToPath(new URL("../../src/main.js", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first stdout line matching the pattern. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export function runServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env["PATH"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const listeners = new Set<() => void>();
  const collect = (into: string[]) => (chunk: Buffer) => {
    into.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    for (const l of listeners) l();
  };
  child.stdout.on("data", collect(stdout));
  child.stderr.on("data", collect(stderr));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout,
    stderr,
    exited,
    waitForLine(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const line = stdout.find((l) => pattern.test(l));
          if (!line) return false;
          listeners.delete(listener);
          clearTimeout(timer);
          resolve(line);
          return true;
        };
        const listener = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(
              `no line matching ${String(pattern)}; stdout: ${stdout.join("\n").slice(-2000)}; stderr: ${stderr.join("\n")}`,
            ),
          );
        }, timeoutMs);
        listeners.add(listener);
        check();
      });
    },
  };
}
