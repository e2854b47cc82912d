import { keyOf, type Store } from "./comparePlan.js";
import type { BenchConfig } from "./config.js";
import { int } from "./environment.js";
import type { ScenarioResult } from "./harness.js";
import { eventsPerSecond, markdownTable } from "./report.js";

/**
 * The side-by-side report: per store the figures of both libraries and the raw driver with their ratios
 * and issue 9's targets, the hash chain alone, protection on and off, every figure, and the key ratios
 * round by round.
 */

/** Targets on a 2-core machine (issue 9). */
const SQLITE_COMMANDS_VS_EMMETT = 15;
const SQLITE_COMMANDS_PER_SECOND = 4_000;
const PG_COMMANDS_VS_EMMETT = 1.5;
const BATCHED_VS_RAW = 1.5;

const rate = (result: ScenarioResult | undefined): string =>
  result === undefined ? "—" : int(eventsPerSecond(result));

/** The report: the side-by-side tables with targets, hash chain and protection, every run, round by round. */
export const report = (
  config: BenchConfig,
  best: ReadonlyMap<string, ScenarioResult>,
  runs: ReadonlyMap<string, readonly (ScenarioResult | undefined)[]>,
  failures: ReadonlyMap<string, readonly string[]>,
  withPg: boolean,
): string => {
  const out: string[] = [];
  const misses: string[] = [];
  /** Targets against Emmett that could not be judged: Emmett failed in every round. */
  const unjudged: string[] = [];
  const stores: [Store, string][] = [
    [
      "sqlite",
      "SQLite (durable): @privacy-ledger/store-sqlite, Emmett's getSQLiteEventStore, raw better-sqlite3",
    ],
    ...(withPg
      ? ([["pg", "PostgreSQL: @privacy-ledger/store-postgres, Emmett's getPostgreSQLEventStore, raw pg"]] as [
          Store,
          string,
        ][])
      : []),
    ["memory", "In memory: the kernel's createInMemoryEventStore, Emmett's getInMemoryEventStore"],
  ];
  const notes: string[] = [];
  /** The SQLite command rows against Emmett with one shared connection (not the targets' judge). */
  const versusShared: string[] = [];
  for (const [store, title] of stores) {
    const rows: string[][] = [];
    const row = (label: string, scenario: string, rawScenario: string | undefined, target?: Target) => {
      const ours = best.get(keyOf(store, scenario, "ours"));
      let emmett = best.get(keyOf(store, scenario, "emmett"));
      let emmettCell = rate(emmett);
      const failed = failures.get(keyOf(store, scenario, "emmett"));
      // Commands with several loops in flight are retried with fewer (see runStep); anything else
      // that failed is reported by round.
      const retriedWithFewer = scenario.startsWith("command-c") && scenario !== "command-c1";
      if (failed && failed.length > 0 && !retriedWithFewer) {
        // A scenario that failed in some rounds: the figure of the rounds that ran, and why.
        emmettCell =
          emmett === undefined
            ? "failed (see below)"
            : `${rate(emmett)} (failed in ${failed.length} round(s))`;
        notes.push(
          `${title.split(":")[0]}, ${label}: Emmett failed in ${failed.length} of ${config.repeat} round(s): ${[...new Set(failed)].join("; ")}.`,
        );
      } else if (failed && failed.length > 0) {
        const tried = [...new Set(failed.map((f) => f.split(" in flight")[0]))].join(", ");
        if (emmett === undefined) {
          emmett = best.get(keyOf(store, "command-c1", "emmett"));
          emmettCell = emmett === undefined ? "failed (see below)" : `${rate(emmett)} (1 in flight)`;
        } else emmettCell = `${rate(emmett)} (${emmett.spec.concurrency} in flight)`;
        notes.push(
          `${title.split(":")[0]}, ${label}: Emmett failed with ${tried} command loops in flight (${[...new Set(failed.map((f) => f.replace(/^\d+ in flight: /, "")))].join("; ")}); ${
            emmett === undefined
              ? "its run with 1 in flight failed too, so there is no figure of Emmett's to compare with."
              : `its figure is from ${emmett.spec.concurrency ?? 1} in flight, its best working concurrency.`
          }`,
        );
      }
      const raw = rawScenario ? best.get(keyOf(store, rawScenario, "raw")) : undefined;
      const vsEmmett = ours && emmett ? eventsPerSecond(ours) / eventsPerSecond(emmett) : undefined;
      const vsRaw = ours && raw ? eventsPerSecond(raw) / eventsPerSecond(ours) : undefined;
      // A target against Emmett cannot be judged without a figure of Emmett's.
      const judgeable =
        target !== undefined && ours !== undefined && !(target.againstEmmett && vsEmmett === undefined);
      const judged = judgeable ? target.met({ ours, vsEmmett, vsRaw }) : undefined;
      if (judged === false) misses.push(`${title.split(":")[0]} ${label}`);
      if (target && ours && !judgeable) unjudged.push(`${title.split(":")[0]} ${label}`);
      const shared = store === "sqlite" ? sharedConnection(scenario, ours) : undefined;
      if (shared?.note) notes.push(`${title.split(":")[0]}, ${label}: ${shared.note}`);
      if (ours !== undefined && shared?.vsShared !== undefined && target?.againstEmmett)
        versusShared.push(
          `${label}: ${shared.vsShared.toFixed(2)}× (Emmett ${shared.cell})${target.met({ ours, vsEmmett: shared.vsShared, vsRaw }) ? "" : ", below the target"}`,
        );
      rows.push([
        label,
        rate(ours),
        scenario === "read" && store === "memory"
          ? "n/a: Emmett 0.42 has no public read-all for its in-memory store"
          : emmettCell,
        ...(shared ? [shared.cell] : []),
        rate(raw),
        vsEmmett === undefined ? "—" : `${vsEmmett.toFixed(2)}×`,
        ...(shared ? [shared.vsShared === undefined ? "—" : `${shared.vsShared.toFixed(2)}×`] : []),
        vsRaw === undefined ? "—" : `${vsRaw.toFixed(2)}×`,
        target?.text ?? "—",
        judged === undefined ? (target && ours ? "n/a (no Emmett figure)" : "—") : judged ? "PASS" : "MISS",
      ]);
    };
    /**
     * SQLite only: Emmett with one shared connection (commands at 1 in flight only: a row with more in
     * flight compares with that figure); its read in global order is the same code either way.
     */
    const sharedConnection = (scenario: string, ours: ScenarioResult | undefined) => {
      if (scenario === "read") return { cell: "(same as Emmett)", vsShared: undefined, note: undefined };
      const key = keyOf(store, scenario.startsWith("command-c") ? "command-c1" : scenario, "emmett-shared");
      const figure = best.get(key);
      const failed = failures.get(key);
      const inFlight = scenario.startsWith("command-c") && scenario !== "command-c1" ? " (1 in flight)" : "";
      return {
        cell:
          figure === undefined
            ? "failed (see below)"
            : `${rate(figure)}${inFlight}${failed?.length ? ` (failed in ${failed.length} round(s))` : ""}`,
        vsShared: ours && figure ? eventsPerSecond(ours) / eventsPerSecond(figure) : undefined,
        note:
          failed?.length && !inFlight
            ? `Emmett with one connection failed in ${failed.length} of ${config.repeat} round(s): ${[...new Set(failed)].join("; ")}.`
            : undefined,
      };
    };
    for (const concurrency of config.concurrency)
      row(
        `commands, ${concurrency} in flight`,
        `command-c${concurrency}`,
        store === "memory" ? undefined : "command",
        store === "sqlite" ? sqliteCommandTarget : store === "pg" ? pgCommandTarget : undefined,
      );
    row(
      `append, ${config.batchSize} events/append`,
      "append",
      store === "memory" ? undefined : "append",
      store === "memory" ? undefined : batchedTarget,
    );
    row("readStream of every stream", "read-streams", store === "memory" ? undefined : "read-streams");
    row("read all in global order", "read", store === "memory" ? undefined : "read");
    out.push(
      `${title}\n\n${markdownTable(
        store === "sqlite"
          ? [
              "Scenario (events/s)",
              "privacy-ledger",
              "Emmett",
              "Emmett, one connection",
              "raw driver",
              "ours ÷ Emmett (speed)",
              "ours ÷ Emmett, one connection",
              "ours ÷ raw (time)",
              "Target",
              "Result",
            ]
          : [
              "Scenario (events/s)",
              "privacy-ledger",
              "Emmett",
              "raw driver",
              "ours ÷ Emmett (speed)",
              "ours ÷ raw (time)",
              "Target",
              "Result",
            ],
        rows,
        store === "sqlite" ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5],
      )}\n`,
    );
  }
  out.push(
    [
      "ours ÷ Emmett: privacy-ledger's events/s over Emmett's (2.00× = twice as fast). ours ÷ raw: privacy-ledger's time per event over the raw driver's (1.00 = raw speed).",
      "The raw figure beside the commands is the write floor: one INSERT per transaction, no stream read, no decision.",
      "Emmett (SQLite): getSQLiteEventStore({ fileName }) as its documentation shows it, a new connection per operation; the targets are judged against it. Emmett, one connection: the same store given one connection for every operation (connectionOptions: { singleton: true, connection }), its fastest working configuration, which holds one transaction at a time.",
      ...(versusShared.length > 0
        ? [
            `SQLite commands against Emmett with one connection (its 1 command in flight): ${versusShared.join("; ")}.`,
          ]
        : []),
      ...notes,
    ].join("\n"),
  );
  out.push(`\n${chainTable(config, best)}\n`);
  if (!config.skipProtection) out.push(`${protectionTable(best)}\n`);
  out.push(`${runsTable(best)}\n`);
  out.push(`${roundsTable(config, runs)}\n`);
  out.push(
    [
      misses.length === 0 ? "All targets judged were met." : `Targets missed: ${misses.join("; ")}.`,
      ...(unjudged.length === 0 ? [] : [`Not judged (no figure of Emmett's): ${unjudged.join("; ")}.`]),
    ].join("\n"),
  );
  return out.join("\n");
};

interface Judged {
  readonly ours: ScenarioResult;
  readonly vsEmmett: number | undefined;
  readonly vsRaw: number | undefined;
}
interface Target {
  readonly text: string;
  /** Judged against Emmett's figure: not judged at all when there is none (Emmett failed). */
  readonly againstEmmett?: boolean;
  readonly met: (row: Judged) => boolean;
}

const sqliteCommandTarget: Target = {
  text: `≥ ${SQLITE_COMMANDS_VS_EMMETT}× Emmett and ≥ ${int(SQLITE_COMMANDS_PER_SECOND)}/s`,
  againstEmmett: true,
  met: ({ ours, vsEmmett }) =>
    (vsEmmett ?? 0) >= SQLITE_COMMANDS_VS_EMMETT && eventsPerSecond(ours) >= SQLITE_COMMANDS_PER_SECOND,
};
const pgCommandTarget: Target = {
  text: `≥ ${PG_COMMANDS_VS_EMMETT.toFixed(1)}× Emmett`,
  againstEmmett: true,
  met: ({ vsEmmett }) => (vsEmmett ?? 0) >= PG_COMMANDS_VS_EMMETT,
};
const batchedTarget: Target = {
  text: `≤ ${BATCHED_VS_RAW.toFixed(1)}× raw time`,
  met: ({ vsRaw }) => (vsRaw ?? Number.POSITIVE_INFINITY) <= BATCHED_VS_RAW,
};

const micros = (seconds: number, events: number) => ((seconds * 1e6) / events).toFixed(1);

/** The hash chain's share: chainBatch alone against the time per event of the store's own paths. */
const chainTable = (config: BenchConfig, best: ReadonlyMap<string, ScenarioResult>): string => {
  const share = (chain: ScenarioResult, of: ScenarioResult | undefined) =>
    of === undefined
      ? "—"
      : `${((100 * (chain.seconds / chain.events)) / (of.seconds / of.events)).toFixed(0)}% of ${micros(of.seconds, of.events)} µs`;
  const rows: string[][] = [];
  const line = (
    label: string,
    chain: ScenarioResult | undefined,
    paths: [string, ScenarioResult | undefined][],
  ) => {
    if (chain === undefined) return;
    const stringify = chain.stringifySeconds ?? Number.NaN;
    rows.push([
      label,
      micros(chain.seconds, chain.events),
      micros(stringify, chain.events),
      micros(chain.seconds - stringify, chain.events),
      paths.map(([name, result]) => `${name}: ${share(chain, result)}`).join("; "),
    ]);
  };
  line(`${config.batchSize} events per batch`, best.get(keyOf("sqlite", "chain", "100")), [
    ["SQLite append", best.get(keyOf("sqlite", "append", "ours"))],
    ["PostgreSQL append", best.get(keyOf("pg", "append", "ours"))],
  ]);
  line("1 event per batch (a command)", best.get(keyOf("sqlite", "chain", "1")), [
    ...config.concurrency.map(
      (c) =>
        [`SQLite command ×${c}`, best.get(keyOf("sqlite", `command-c${c}`, "ours"))] as [
          string,
          ScenarioResult | undefined,
        ],
    ),
    ["in-memory command ×1", best.get(keyOf("memory", "command-c1", "ours"))],
  ]);
  return [
    "Hash chain: the kernel's chainBatch alone on the same events (the stores always chain; there is no switch to time them without it)\n",
    markdownTable(
      [
        "chainBatch",
        "µs/event (canonical JSON + SHA-256)",
        "µs/event JSON.stringify (what raw does)",
        "µs/event added by the chain",
        "share of privacy-ledger's time per event",
      ],
      rows,
      [1, 2, 3],
    ),
  ].join("\n");
};

const protectionTable = (best: ReadonlyMap<string, ScenarioResult>): string => {
  const get = (kind: string, side: string) => best.get(keyOf("sqlite", `protection-${kind}`, side));
  const rows = (["append", "read"] as const).map((kind) => {
    const plain = get(kind, "plain");
    const sealed = get(kind, "protected");
    return [
      kind === "append" ? "append, 100 events/append" : "readAll() (fields opened)",
      rate(plain),
      rate(sealed),
      plain && sealed ? `${(eventsPerSecond(plain) / eventsPerSecond(sealed)).toFixed(2)}×` : "—",
    ];
  });
  return [
    "Protection on and off (SQLite; 2 personal fields per event encrypted with AES-256-GCM under per-subject keys; see pnpm bench for the floor and erasure)\n",
    markdownTable(
      ["Scenario (events/s)", "protection off", "protection on", "on ÷ off (time)"],
      rows,
      [1, 2, 3],
    ),
  ].join("\n");
};

const WHO_LABEL: Record<string, string> = {
  ours: "privacy-ledger",
  emmett: "Emmett",
  "emmett-shared": "Emmett, one connection",
  raw: "raw driver",
};

const runsTable = (best: ReadonlyMap<string, ScenarioResult>): string =>
  [
    "Every figure (fastest run of each)\n",
    markdownTable(
      ["Store", "Scenario", "Side", "In flight", "Events", "Seconds", "Events/s", "Peak RSS MB", "Note"],
      [...best].map(([key, result]) => {
        const [store, scenario, who] = key.split(":") as [string, string, string];
        return [
          store,
          scenario,
          WHO_LABEL[who] ?? who,
          String(result.spec.concurrency ?? "—"),
          int(result.events),
          result.seconds.toFixed(2),
          int(eventsPerSecond(result)),
          (result.peakRssBytes / 2 ** 20).toFixed(1),
          result.note ?? "",
        ];
      }),
      [3, 4, 5, 6, 7],
    ),
  ].join("\n");

/** Ratios within each round (both sides under the same load), beside the best-of figures above. */
const roundsTable = (
  config: BenchConfig,
  runs: ReadonlyMap<string, readonly (ScenarioResult | undefined)[]>,
): string => {
  const speed = (a: ScenarioResult | undefined, b: ScenarioResult | undefined) =>
    a && b ? (eventsPerSecond(a) / eventsPerSecond(b)).toFixed(2) : "—";
  const rows: string[][] = [];
  const stores: Store[] = ["sqlite", "pg", "memory"];
  for (const store of stores) {
    for (const c of config.concurrency) {
      const ours = runs.get(keyOf(store, `command-c${c}`, "ours"));
      const same = runs.get(keyOf(store, `command-c${c}`, "emmett"));
      // A round where Emmett failed at this concurrency compares with its run at 1 in flight (as above).
      const single = runs.get(keyOf(store, "command-c1", "emmett"));
      const fellBack =
        c !== 1 && Array.from({ length: config.repeat }, (_, r) => same?.[r]).some((run) => !run);
      if (ours)
        rows.push([
          `${store} commands ×${c}: ours ÷ Emmett (speed)${fellBack ? " (* Emmett at 1 in flight)" : ""}`,
          ...Array.from({ length: config.repeat }, (_, r) => {
            const theirs = same?.[r];
            return theirs ? speed(ours[r], theirs) : c === 1 ? "—" : `${speed(ours[r], single?.[r])}*`;
          }),
        ]);
    }
    const shared = runs.get(keyOf(store, "command-c1", "emmett-shared"));
    if (shared)
      for (const c of config.concurrency) {
        const ours = runs.get(keyOf(store, `command-c${c}`, "ours"));
        if (ours)
          rows.push([
            `${store} commands ×${c}: ours ÷ Emmett with one connection (1 in flight)`,
            ...Array.from({ length: config.repeat }, (_, r) => speed(ours[r], shared[r])),
          ]);
      }
    const ours = runs.get(keyOf(store, "append", "ours"));
    const raw = runs.get(keyOf(store, "append", "raw"));
    if (ours && raw)
      rows.push([`${store} append: ours ÷ raw (time)`, ...ours.map((run, r) => speed(raw[r], run))]);
  }
  return [
    "Round by round (each ratio from one round, both sides under the same load)\n",
    markdownTable(
      ["Ratio", ...Array.from({ length: config.repeat }, (_, r) => `round ${r + 1}`)],
      rows,
      Array.from({ length: config.repeat }, (_, r) => r + 1),
    ),
  ].join("\n");
};
