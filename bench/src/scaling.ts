import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchConfig } from "./config.js";
import { int, machineLines } from "./environment.js";
import { averageEventBytes } from "./fixture.js";
import { type Kind, runInChild, type ScenarioResult } from "./harness.js";
import {
  markdownTable,
  RSS_CHECK_MIN_EVENTS,
  RSS_GROWTH_LIMIT_MB,
  rssFlat,
  secondHalfGrowthBytes,
} from "./report.js";

/**
 * `pnpm bench --scaling`: privacy-ledger's SQLite store at growing sizes (10k, 100k, 1M events by
 * default): batched append, readAll and verifyStore, each in a fresh child process, time and peak RSS.
 * Cost should grow linearly: the per-event time at the largest size within LINEAR_LIMIT× of the
 * smallest. Memory should stay flat: at the largest size, RSS may grow less than RSS_GROWTH_LIMIT_MB
 * between half-way and the end of the operation (the store bench's criterion: it leaves out fixed costs
 * that come once, such as the verify worker's isolate, V8 sizing its young generation or SQLite filling
 * its page cache; keeping the events would cost ~1 KB each, ~500 MB over the second half of 1M). The
 * peak RSS at each size is printed beside it. Verify samples RSS in a separate, untimed pass (as in
 * the store bench: the sampling wraps its progress callback).
 */

const LINEAR_LIMIT = 1.5;
const OPERATIONS: readonly { readonly kind: Kind; readonly label: string }[] = [
  { kind: "append", label: "append" },
  { kind: "read", label: "readAll()" },
  { kind: "verify", label: "verifyStore()" },
];

export const runScaling = async (config: BenchConfig): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "privacy-ledger-scaling-"));
  try {
    const sizes = [...config.scalingSizes].sort((a, b) => a - b);
    console.log(
      [
        "privacy-ledger scaling (pnpm bench --scaling): @privacy-ledger/store-sqlite at growing sizes",
        `  sizes         ${sizes.map(int).join(", ")} events over ${int(config.streams)} streams, ~${Math.round(averageEventBytes())} B of data+metadata JSON each, ${config.batchSize} per append, synchronous=${config.synchronous}`,
        "  operations    batched append (time inside the append calls), readAll() (the whole loop), verifyStore() with its defaults",
        ...machineLines(),
        `  runs          ${config.repeat} round(s), the fastest run of each kept; each in a fresh child process (its peak RSS is its own)`,
        "",
      ].join("\n"),
    );
    const best = new Map<string, ScenarioResult>();
    for (let round = 1; round <= config.repeat; round++)
      for (const size of sizes) {
        const path = join(dir, `scale-${size}.db`);
        for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
        const passes = [
          ...OPERATIONS.map((operation) => ({ ...operation, probe: false })),
          { kind: "verify" as const, label: "verify memory", probe: true },
        ];
        for (const { kind, label, probe } of passes) {
          const result = await runInChild({
            side: "library",
            kind,
            path,
            events: size,
            batchSize: config.batchSize,
            streams: config.streams,
            synchronous: config.synchronous,
            pageSize: config.pageSize,
            probe,
          });
          console.error(
            `  round ${round}/${config.repeat}: ${label.padEnd(14)} ${int(size).padStart(9)} events ${result.seconds.toFixed(2).padStart(7)} s, peak RSS ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
          );
          const key = `${kind}${probe ? "-memory" : ""}:${size}`;
          const previous = best.get(key);
          if (previous === undefined || result.seconds < previous.seconds) best.set(key, result);
        }
        // The file of the largest size is ~1 KB per event: not kept once its three operations ran.
        for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
      }
    console.log(scalingReport(sizes, best));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const perEventMicros = (result: ScenarioResult) => (result.seconds * 1e6) / result.events;
const mb = (bytes: number) => bytes / 2 ** 20;

const scalingReport = (sizes: readonly number[], best: ReadonlyMap<string, ScenarioResult>): string => {
  const get = (kind: Kind, size: number) => best.get(`${kind}:${size}`) as ScenarioResult;
  /** RSS samples: the timed run's own for append and readAll, verify's separate memory pass. */
  const sampled = (kind: Kind, size: number) =>
    (kind === "verify" ? best.get(`verify-memory:${size}`) : get(kind, size)) as ScenarioResult;
  const rows = sizes.map((size) => [
    int(size),
    ...OPERATIONS.flatMap(({ kind }) => {
      const result = get(kind, size);
      return [
        result.seconds.toFixed(2),
        perEventMicros(result).toFixed(2),
        mb(result.peakRssBytes).toFixed(0),
      ];
    }),
  ]);
  const smallest = sizes[0] as number;
  const largest = sizes[sizes.length - 1] as number;
  const checks = OPERATIONS.map(({ kind, label }) => {
    const first = get(kind, smallest);
    const last = get(kind, largest);
    const growth = perEventMicros(last) / perEventMicros(first);
    const samples = sampled(kind, largest);
    const deciles = samples.rss?.decileBytes ?? [];
    const at = (decile: number) => mb(deciles[decile] ?? Number.NaN).toFixed(0);
    const flat = rssFlat(samples);
    const secondHalf = mb(secondHalfGrowthBytes(samples));
    return [
      label,
      `${growth.toFixed(2)}× (${perEventMicros(first).toFixed(2)} → ${perEventMicros(last).toFixed(2)} µs)`,
      growth <= LINEAR_LIMIT ? "PASS" : "MISS",
      sizes.map((size) => mb(get(kind, size).peakRssBytes).toFixed(0)).join(" → "),
      `${at(0)}, ${at(4)}, ${at(9)}`,
      `${secondHalf >= 0 ? "+" : ""}${secondHalf.toFixed(1)} MB`,
      flat === undefined ? `n/a (< ${int(RSS_CHECK_MIN_EVENTS)} events)` : flat ? "PASS" : "MISS",
    ];
  });
  const header = ["Events", ...OPERATIONS.flatMap(({ label }) => [`${label} s`, "µs/event", "peak RSS MB"])];
  return [
    markdownTable(
      header,
      rows,
      Array.from({ length: header.length - 1 }, (_, c) => c + 1),
    ),
    "",
    markdownTable(
      [
        "Operation",
        `per-event cost, ${int(largest)} ÷ ${int(smallest)}`,
        `linear (≤ ${LINEAR_LIMIT}×)`,
        "peak RSS MB by size",
        `RSS MB at 10%, 50%, 100% of ${int(largest)}`,
        "rise in 2nd half (highest vs highest)",
        `memory flat (< ${RSS_GROWTH_LIMIT_MB} MB)`,
      ],
      checks,
      [],
    ),
  ].join("\n");
};
