import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/*
 * The built binary (packages/cli/dist/main.js, what `privacy-ledger` runs once installed) as a child
 * process: stdout and stderr are pipes, so it reports progress as it does off a terminal. Asynchronous, so
 * an in-process server (the fake EventStoreDB) keeps answering it. `tsc -b` builds it.
 */

export const BINARY = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");

/** Fails the test file early, saying what to do, when the binary was not built. */
export const assertBuilt = (): void => {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} does not exist: run \`npx tsc -b\` first`);
};

export interface Finished {
  /** The exit code; null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`; rejects if the process ends first. */
  readonly line: (pattern: RegExp) => Promise<string>;
  readonly finished: Promise<Finished>;
}

export const startBinary = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Running => {
  const child = spawn(process.execPath, [BINARY, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiting = new Set<() => void>();
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const check of waiting) check();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      for (const check of waiting) check();
      resolve({ code, signal, stdout, stderr });
    });
  });
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = stdout.split("\n").find((l) => pattern.test(l));
        if (found !== undefined) {
          waiting.delete(check);
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          waiting.delete(check);
          reject(new Error(`the process ended before printing ${pattern}:\n${stdout}\n${stderr}`));
        }
      };
      waiting.add(check);
      check();
    });
  return { child, line, finished };
};

export const runBinary = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> =>
  startBinary(args, env).finished;
