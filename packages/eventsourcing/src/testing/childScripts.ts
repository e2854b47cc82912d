import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

/**
 * Child processes for store tests that need more than one process (durability under SIGKILL, writers
 * racing from several processes). `packageDir` is the adapter package; scripts live in its `test/`.
 * The child runs TypeScript through tsx (a devDependency of the adapter) with the
 * "@privacy-ledger/source" condition, resolving packages to their sources as vitest does, so no build
 * is needed first (a fresh clone can run `pnpm test` straight away).
 */
export const childScripts = (packageDir: string) => {
  const running = new Set<ChildProcessWithoutNullStreams>();
  const spawnScript = (script: string, args: readonly string[]): ChildProcessWithoutNullStreams => {
    const child = spawn(
      process.execPath,
      ["--conditions=@privacy-ledger/source", "--import", "tsx", join("test", script), ...args],
      { cwd: packageDir, stdio: ["pipe", "pipe", "pipe"] },
    );
    running.add(child);
    child.on("exit", () => running.delete(child));
    return child;
  };
  /** For afterEach: a test that failed or timed out must not leave its children appending. */
  const killStragglers = (): void => {
    for (const child of running) child.kill("SIGKILL");
  };
  return { spawnScript, killStragglers };
};

/** Collects a child's stdout lines and stderr; `exited` settles once it has exited and its output is all read. */
export const watchChild = (child: ChildProcessWithoutNullStreams) => {
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
