import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * A worker thread running the module `name` that sits beside `base` (an `import.meta.url`): the .js
 * in dist. Run from the TypeScript sources (vitest, tsx), it is the .ts sibling, loaded through tsx
 * registered in the worker itself (Node 20 does not apply `--import` to workers) with the
 * "@privacy-ledger/source" condition, as the tests resolve the packages. `tsxFrom`: further places
 * (module URLs) from which tsx may be visible, besides `base` and the working directory.
 */
export const startModuleWorker = (
  base: string,
  name: string,
  options: Pick<WorkerOptions, "workerData"> & { readonly tsxFrom?: readonly string[] } = {},
): Worker => {
  const { tsxFrom = [], ...workerOptions } = options;
  if (!base.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, base), workerOptions);
  const tsx = tsxEsmApi([base, ...tsxFrom, pathToFileURL(join(process.cwd(), "package.json")).href]);
  if (!tsx)
    throw new Error(
      `running ${name} from the TypeScript sources in a worker thread needs tsx, which was not found`,
    );
  const entry = new URL(`./${name}.ts`, base).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    { ...workerOptions, eval: true, execArgv: ["--conditions=@privacy-ledger/source"] },
  );
};

/** The URL of tsx's ESM register API, resolved from the first of `from` that can see tsx. */
const tsxEsmApi = (from: readonly string[]): string | undefined => {
  for (const base of from) {
    try {
      const manifest = createRequire(base).resolve("tsx/package.json");
      const exports = JSON.parse(readFileSync(manifest, "utf8")).exports?.["./esm/api"];
      const target: unknown = exports?.import?.default ?? exports?.import;
      if (typeof target === "string") return pathToFileURL(join(dirname(manifest), target)).href;
    } catch {
      // not visible from there
    }
  }
  return undefined;
};
