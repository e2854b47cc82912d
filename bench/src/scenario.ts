import type { ScenarioResult, ScenarioSpec } from "./harness.js";

/**
 * Child-process entry: `node --expose-gc dist/scenario.js '<ScenarioSpec as JSON>'`. Run by main.ts,
 * one process per scenario; run by hand (e.g. under `node --cpu-prof`) it prints the result as JSON.
 * Each side's module is imported only when needed, so a raw scenario's RSS does not carry the library.
 */
const run = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  if (spec.side === "pg" || spec.side === "pg-raw") {
    const postgres = await import("./pgScenarios.js");
    const raw = spec.side === "pg-raw";
    if (spec.kind === "append") return raw ? postgres.pgRawAppend(spec) : postgres.pgLibraryAppend(spec);
    if (spec.kind === "read") return raw ? postgres.pgRawReadAll(spec) : postgres.pgLibraryReadAll(spec);
    throw new Error(`no PostgreSQL ${spec.kind} scenario`);
  }
  if (spec.side === "protected" || spec.side === "plain") {
    const protection = await import("./protectionScenarios.js");
    if (spec.kind === "append") return protection.protectionAppend(spec);
    if (spec.kind === "read") return protection.protectionReadAll(spec);
    if (spec.kind === "erase" && spec.side === "protected") return protection.protectionErase(spec);
    if (spec.kind === "floor" && spec.side === "protected") return protection.protectionFloor(spec);
    throw new Error(`no ${spec.side} ${spec.kind} scenario`);
  }
  if (spec.kind === "erase" || spec.kind === "floor")
    throw new Error(`${spec.kind} is a scenario of the protected side only`);
  if (spec.side === "raw") {
    const raw = await import("./rawScenarios.js");
    if (spec.kind === "append") return raw.rawAppend(spec);
    if (spec.kind === "read") return raw.rawReadAll(spec);
    throw new Error("the raw side has no verify scenario: it has no hashes to check");
  }
  const library = await import("./libraryScenarios.js");
  if (spec.kind === "append") return library.libraryAppend(spec);
  if (spec.kind === "read") return library.libraryReadAll(spec);
  return library.libraryVerify(spec);
};

const [argument] = process.argv.slice(2);
if (argument === undefined) throw new Error("usage: node --expose-gc dist/scenario.js '<ScenarioSpec JSON>'");
const result = await run(JSON.parse(argument) as ScenarioSpec);
if (process.send) process.send(result, undefined, undefined, () => process.disconnect());
else console.log(JSON.stringify(result, null, 2));
