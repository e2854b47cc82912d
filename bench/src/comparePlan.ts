import { join } from "node:path";
import type { BenchConfig } from "./config.js";
import { commandStreams } from "./deciderWorkload.js";
import type { Kind, ScenarioSpec, Side } from "./harness.js";
import { databaseUrl } from "./pgServer.js";

/**
 * What `pnpm bench --compare` runs in one round, in order, and the key each figure is kept under
 * (`store:scenario:who`), which the report reads back.
 */

export type Store = "sqlite" | "pg" | "memory";
/** `emmett-shared`: Emmett's SQLite store with one connection for every operation (SQLite only). */
export type Who = "ours" | "emmett" | "emmett-shared" | "raw";

/** Both of Emmett's configurations: their failures are Emmett's, reported, never the bench's. */
export const isEmmett = (who: Who): boolean => who === "emmett" || who === "emmett-shared";
export type Scenario = "command" | "append" | "read-streams" | "read" | "chain" | "protection";

export interface Step {
  readonly key: string;
  readonly store: Store;
  readonly scenario: Scenario;
  readonly who: Who;
  readonly spec: ScenarioSpec;
  /** A PostgreSQL database this step creates before it runs (Emmett's scenarios), dropped after the round. */
  readonly database?: string;
}

export const keyOf = (store: Store, scenario: string, who: Who | string) => `${store}:${scenario}:${who}`;

const SIDES: Record<Store, Record<Who, Side | undefined>> = {
  sqlite: { ours: "library", emmett: "emmett-sqlite", "emmett-shared": "emmett-sqlite", raw: "raw" },
  pg: { ours: "pg", emmett: "emmett-pg", "emmett-shared": undefined, raw: "pg-raw" },
  memory: { ours: "memory", emmett: "emmett-memory", "emmett-shared": undefined, raw: undefined },
};

const EVERY_LIBRARY = ["ours", "emmett", "emmett-shared"] as const;

/** One round's steps, in run order: per scenario raw, privacy-ledger, Emmett (reads use that round's files). */
export const plan = (
  config: BenchConfig,
  dir: string,
  prefix: string,
  round: number,
  withPg: boolean,
): Step[] => {
  const steps: Step[] = [];
  const add = (
    store: Store,
    scenario: Scenario,
    who: Who,
    kind: Kind,
    name: string,
    { key, ...options }: Partial<ScenarioSpec> & { readonly key?: string },
  ) => {
    const side = options.side ?? SIDES[store][who];
    if (side === undefined) return;
    const database = store === "pg" && who === "emmett" ? `${prefix}_r${round}_emmett_${name}` : undefined;
    const spec: ScenarioSpec = {
      side,
      kind,
      path:
        store === "sqlite" || side === "plain" || side === "protected" ? join(dir, `${who}-${name}.db`) : "",
      events: config.events,
      batchSize: config.batchSize,
      streams: config.streams,
      synchronous: config.synchronous,
      pageSize: config.pageSize,
      probe: false,
      ...(store === "pg" && who !== "emmett"
        ? { pgUrl: config.pgUrl, pgSchema: `${prefix}_r${round}_${who}_${name}` }
        : {}),
      ...(database ? { pgUrl: databaseUrl(config.pgUrl, database) } : {}),
      ...(who === "emmett-shared" ? { emmettSharedConnection: true } : {}),
      ...options,
    };
    const creates = kind === "append" || kind === "command";
    steps.push({
      key: key ?? keyOf(store, scenario, who),
      store,
      scenario,
      who,
      spec,
      ...(database && creates ? { database } : {}),
    });
  };
  const stores: Store[] = withPg ? ["sqlite", "pg", "memory"] : ["sqlite", "memory"];
  for (const store of stores) {
    const commands = (who: Who) =>
      store === "pg"
        ? config.pgSingleEvents
        : store === "sqlite" && isEmmett(who)
          ? config.emmettSingleEvents
          : config.commandEvents;
    // The write floor of a command: one event per transaction, no stream read.
    add(store, "command", "raw", "append", "single", { batchSize: 1, events: commands("ours") });
    // One shared connection holds one transaction at a time: 1 command in flight only.
    for (const concurrency of config.concurrency)
      for (const who of concurrency === 1 ? EVERY_LIBRARY : (["ours", "emmett"] as const))
        add(store, "command", who, "command", `cmd_c${concurrency}`, {
          key: keyOf(store, `command-c${concurrency}`, who),
          events: commands(who),
          batchSize: 1,
          streams: commandStreams(commands(who), config.commandsPerStream, concurrency),
          concurrency,
        });
    for (const who of ["raw", ...EVERY_LIBRARY] as const)
      add(store, "append", who, "append", "batch", { expectedVersions: true });
    for (const who of ["raw", ...EVERY_LIBRARY] as const)
      add(store, "read-streams", who, "read-streams", "batch", {});
    // Emmett's in-memory store has no read in global order (reported as n/a). Its SQLite read in global
    // order already runs on one connection (readMessagesBatch takes one): no second configuration.
    for (const who of store === "memory" ? (["ours"] as const) : (["raw", "ours", "emmett"] as const))
      add(store, "read", who, "read", "batch", {});
  }
  // The hash chain alone (the store always chains), on the batched and on the single-event path.
  add("sqlite", "chain", "ours", "chain", "chain100", { key: keyOf("sqlite", "chain", "100") });
  add("sqlite", "chain", "ours", "chain", "chain1", {
    key: keyOf("sqlite", "chain", "1"),
    batchSize: 1,
    events: config.commandEvents,
  });
  // Protection (encryption of personal fields) on and off: the stores bench's own scenarios.
  if (!config.skipProtection)
    for (const [side, kind] of [
      ["plain", "append"],
      ["protected", "append"],
      ["plain", "read"],
      ["protected", "read"],
    ] as const)
      add("sqlite", "protection", "ours", kind, side, {
        key: keyOf("sqlite", `protection-${kind}`, side),
        side,
        subjects: config.subjects,
      });
  return steps;
};
