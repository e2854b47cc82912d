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
export type Who = "ours" | "emmett" | "raw";
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
  sqlite: { ours: "library", emmett: "emmett-sqlite", raw: "raw" },
  pg: { ours: "pg", emmett: "emmett-pg", raw: "pg-raw" },
  memory: { ours: "memory", emmett: "emmett-memory", raw: undefined },
};

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
        : store === "sqlite" && who === "emmett"
          ? config.emmettSingleEvents
          : config.commandEvents;
    // The write floor of a command: one event per transaction, no stream read.
    add(store, "command", "raw", "append", "single", { batchSize: 1, events: commands("ours") });
    for (const concurrency of config.concurrency)
      for (const who of ["ours", "emmett"] as const)
        add(store, "command", who, "command", `cmd_c${concurrency}`, {
          key: keyOf(store, `command-c${concurrency}`, who),
          events: commands(who),
          batchSize: 1,
          streams: commandStreams(commands(who), config.commandsPerStream, concurrency),
          concurrency,
        });
    for (const who of ["raw", "ours", "emmett"] as const)
      add(store, "append", who, "append", "batch", { expectedVersions: true });
    for (const who of ["raw", "ours", "emmett"] as const)
      add(store, "read-streams", who, "read-streams", "batch", {});
    // Emmett's in-memory store has no read in global order (reported as n/a).
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
