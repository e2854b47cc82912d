import type { ChildMessage, ScenarioResult, ScenarioSpec } from "./harness.js";

/**
 * Child-process entry: `node --expose-gc dist/scenario.js '<ScenarioSpec as JSON>'`. Run by main.ts,
 * one process per scenario; run by hand (e.g. under `node --cpu-prof`) it prints the result as JSON.
 * Each side's module is imported only when needed, so a raw scenario's RSS does not carry the library
 * (nor a library's scenario Emmett's modules).
 */
let emmettLoaded = false;

const run = async (spec: ScenarioSpec): Promise<ScenarioResult> => {
  const unknown = () => new Error(`no ${spec.side} ${spec.kind} scenario`);
  if (spec.side === "emmett-sqlite" || spec.side === "emmett-pg" || spec.side === "emmett-memory") {
    const emmett = await import("./emmettScenarios.js");
    emmettLoaded = true;
    if (spec.kind === "command") return emmett.emmettCommands(spec);
    if (spec.kind === "append") return emmett.emmettAppend(spec);
    if (spec.kind === "read-streams") return emmett.emmettReadStreams(spec);
    if (spec.kind === "read") return emmett.emmettReadAll(spec);
    throw unknown();
  }
  if (spec.kind === "command" && (spec.side === "protected" || spec.side === "plain"))
    return (await import("./protectionScenarios.js")).protectionConcurrentAppend(spec);
  if (spec.kind === "command") return (await import("./commandScenarios.js")).ourCommands(spec);
  if (spec.kind === "chain") return (await import("./chainScenario.js")).chainAlone(spec);
  if (spec.side === "memory") {
    const memory = await import("./memoryScenarios.js");
    if (spec.kind === "append") return memory.memoryAppend(spec);
    if (spec.kind === "read-streams") return memory.memoryReadStreams(spec);
    if (spec.kind === "read") return memory.memoryReadAll(spec);
    throw unknown();
  }
  if (spec.side === "pg" || spec.side === "pg-raw") {
    const postgres = await import("./pgScenarios.js");
    const raw = spec.side === "pg-raw";
    if (spec.kind === "append") return raw ? postgres.pgRawAppend(spec) : postgres.pgLibraryAppend(spec);
    if (spec.kind === "read") return raw ? postgres.pgRawReadAll(spec) : postgres.pgLibraryReadAll(spec);
    if (spec.kind === "read-streams")
      return raw ? postgres.pgRawReadStreams(spec) : postgres.pgLibraryReadStreams(spec);
    throw new Error(`no PostgreSQL ${spec.kind} scenario`);
  }
  if (spec.side === "protected" || spec.side === "plain") {
    const protection = await import("./protectionScenarios.js");
    if (spec.kind === "append") return protection.protectionAppend(spec);
    if (spec.kind === "read") return protection.protectionReadAll(spec);
    if (spec.kind === "erase" && spec.side === "protected") return protection.protectionErase(spec);
    if (spec.kind === "floor" && spec.side === "protected") return protection.protectionFloor(spec);
    throw unknown();
  }
  if (spec.kind === "erase" || spec.kind === "floor")
    throw new Error(`${spec.kind} is a scenario of the protected side only`);
  if (spec.side === "raw") {
    const raw = await import("./rawScenarios.js");
    if (spec.kind === "append") return raw.rawAppend(spec);
    if (spec.kind === "read") return raw.rawReadAll(spec);
    if (spec.kind === "read-streams") return raw.rawReadStreams(spec);
    throw new Error("the raw side has no verify scenario: it has no hashes to check");
  }
  const library = await import("./libraryScenarios.js");
  if (spec.kind === "append") return library.libraryAppend(spec);
  if (spec.kind === "read") return library.libraryReadAll(spec);
  if (spec.kind === "read-streams") return library.libraryReadStreams(spec);
  return library.libraryVerify(spec);
};

const [argument] = process.argv.slice(2);
if (argument === undefined) throw new Error("usage: node --expose-gc dist/scenario.js '<ScenarioSpec JSON>'");
const send = (message: ChildMessage): Promise<void> =>
  new Promise((resolve) => {
    if (process.send) process.send(message, undefined, undefined, () => resolve());
    else resolve();
  });
/** The parent reports the message (and may fall back, e.g. to a lower concurrency); run by hand, it throws. */
const fail = async (error: unknown): Promise<never> => {
  if (!process.send) throw error;
  const message = error instanceof Error ? error.message : String(error);
  // Emmett may have logged the cause before failing on something else (a rollback after SQLITE_BUSY).
  const logged = emmettLoaded ? (await import("./emmettScenarios.js")).firstLoggedError.message : undefined;
  await send({
    error: logged && logged !== message ? `${message} (after Emmett logged: ${logged})` : message,
  });
  // A failed library may leave connections open (Emmett's SQLite ones after SQLITE_BUSY): do not wait for them.
  process.exit(1);
};
// A library may also fail outside the promise the scenario awaits (a callback that throws): report that too.
if (process.send) {
  process.on("uncaughtException", (error) => void fail(error));
  process.on("unhandledRejection", (error) => void fail(error));
}
try {
  const result = await run(JSON.parse(argument) as ScenarioSpec);
  if (process.send) await send({ result });
  else console.log(JSON.stringify(result, null, 2));
  process.disconnect?.();
} catch (error) {
  await fail(error);
}
