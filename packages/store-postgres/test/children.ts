import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Runs a TypeScript script of this folder in its own Node process. tsx compiles it on the fly and the
 * source condition resolves the kernel to its sources as vitest does, so no build is needed first.
 */
export const spawnScript = (script: string, args: readonly string[]): ChildProcessWithoutNullStreams => {
  const child = spawn(
    process.execPath,
    ["--conditions=@privacy-ledger/source", "--import", "tsx", join("test", script), ...args],
    { cwd: packageDir, stdio: ["pipe", "pipe", "pipe"] },
  );
  running.add(child);
  child.on("exit", () => running.delete(child));
  return child;
};

const running = new Set<ChildProcessWithoutNullStreams>();

/** For afterEach: a test that failed or timed out must not leave its children appending. */
export const killStragglers = (): void => {
  for (const child of running) child.kill("SIGKILL");
};

/** Collects a child's stdout lines and stderr; `exited` settles once it has exited and its output is all read. */
export const watch = (child: ChildProcessWithoutNullStreams) => {
  const lines: string[] = [];
  let stderr = "";
  const listeners = new Set<(line: string) => void>();
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    for (const listener of listeners) listener(line);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  /** Resolves with the first line (already seen or still to come) that passes `test`. */
  const line = (test: (line: string) => boolean): Promise<string> =>
    new Promise((resolve, reject) => {
      const seen = lines.find(test);
      if (seen !== undefined) return resolve(seen);
      const listener = (next: string) => {
        if (!test(next)) return;
        listeners.delete(listener);
        resolve(next);
      };
      listeners.add(listener);
      void exited.then(({ code, signal }) => {
        if (listeners.delete(listener))
          reject(
            new Error(
              `child exited (code ${code}, signal ${signal}) before the line came; stderr:\n${stderr}`,
            ),
          );
      });
    });
  return { lines, line, exited, stderr: () => stderr };
};
