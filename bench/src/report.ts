import type { ScenarioResult } from "./harness.js";

/** A target a row is judged by; `undefined` rows are baselines or informational. */
export interface Target {
  readonly text: string;
  readonly met: (row: Row) => boolean;
}

export interface Row {
  readonly label: string;
  readonly result: ScenarioResult;
  /** The baseline doing the same inserts or reads (raw better-sqlite3, raw pg, or the unprotected store). */
  readonly raw?: ScenarioResult;
  readonly target?: Target;
  /** Shown in the target column when there is no target. */
  readonly note?: string;
}

export const eventsPerSecond = (result: ScenarioResult): number => result.events / result.seconds;

/** Library time over baseline time for the same work: 1.00 is the baseline's speed, 2.00 is half of it. */
export const ratioToRaw = (row: Row): number | undefined =>
  row.raw === undefined ? undefined : row.result.seconds / row.raw.seconds;

const MB = 1024 * 1024;
const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const mb = (bytes: number): string => (bytes / MB).toFixed(1);

/** A GitHub-flavoured Markdown table, padded so it also reads well in a terminal. */
export const markdownTable = (
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: number[],
) => {
  const widths = header.map((title, c) =>
    Math.max(title.length, ...rows.map((row) => (row[c] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells
      .map((cell, c) => (right.includes(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (right.includes(c) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
};

export const throughputTable = (rows: readonly Row[], ratioTitle = "× raw time"): string =>
  markdownTable(
    ["Scenario", "Events", "Seconds", "Events/s", "Peak RSS MB", ratioTitle, "Target", "Result"],
    rows.map((row) => {
      const ratio = ratioToRaw(row);
      return [
        row.label,
        int(row.result.events),
        row.result.seconds.toFixed(2),
        int(eventsPerSecond(row.result)),
        mb(row.result.peakRssBytes),
        ratio === undefined ? "—" : ratio.toFixed(2),
        row.target?.text ?? row.note ?? "—",
        row.target === undefined ? "—" : row.target.met(row) ? "PASS" : "MISS",
      ];
    }),
    [1, 2, 3, 4, 5],
  );

export interface MemoryRow {
  readonly label: string;
  readonly result: ScenarioResult;
}

/**
 * "RSS does not grow with the number of events read": between half-way and the end of the read RSS
 * must stay within this. The first part of a read is left out on purpose: V8 grows its young
 * generation there (to ~40 MB) whatever the read holds. Holding every event read would instead add
 * ~1 KB per event, ~50 MB over the second half of 100k events.
 */
export const RSS_GROWTH_LIMIT_MB = 5;

/**
 * How far RSS rose in the second half of the read above where it had been in the first: the highest
 * sample at 60%..100% minus the highest at 10%..50%. Highest against highest, so that V8's collections
 * moving RSS up and down by a few MB around a level do not count, a level that kept climbing does (a
 * leak of a constant amount per event shows as half of it), and memory freed just before the end
 * (verifyStore's worker thread ends before its last progress report) cannot hide a climb. Costs paid
 * once, such as the worker's isolate or SQLite filling its page cache, land in the first half.
 */
export const secondHalfGrowthBytes = (result: ScenarioResult): number => {
  const deciles = result.rss?.decileBytes ?? [];
  if (deciles.length < 10) return Number.NaN;
  return Math.max(...deciles.slice(5, 10)) - Math.max(...deciles.slice(0, 5));
};

/** Below this the young generation is still growing at half-way, and the check would judge V8, not the read. */
export const RSS_CHECK_MIN_EVENTS = 50_000;

/** undefined: too few events to tell. */
export const rssFlat = (result: ScenarioResult): boolean | undefined =>
  result.events < RSS_CHECK_MIN_EVENTS ? undefined : secondHalfGrowthBytes(result) < RSS_GROWTH_LIMIT_MB * MB;

const verdict = (met: boolean | undefined): string =>
  met === undefined ? `n/a (< ${int(RSS_CHECK_MIN_EVENTS)} events)` : met ? "PASS" : "MISS";

export const memoryTable = (rows: readonly MemoryRow[]): string =>
  markdownTable(
    [
      "Read",
      "RSS at start",
      "at 10%",
      "at 50%",
      "at 100%",
      "Peak RSS",
      "Rise in 2nd half",
      "Heap after GC (before → after)",
      "Target",
      "Result",
    ],
    rows.map(({ label, result }) => {
      const rss = result.rss;
      if (!rss) return [label, "—", "—", "—", "—", mb(result.peakRssBytes), "—", "—", "—", "—"];
      const at = (decile: number) => {
        const bytes = rss.decileBytes[decile];
        return bytes === undefined ? "—" : mb(bytes);
      };
      const growth = secondHalfGrowthBytes(result);
      return [
        label,
        mb(rss.startBytes),
        at(0),
        at(4),
        at(9),
        mb(result.peakRssBytes),
        `${growth >= 0 ? "+" : ""}${mb(growth)}`,
        `${mb(rss.heapBeforeBytes)} → ${mb(rss.heapAfterBytes)}`,
        `< ${RSS_GROWTH_LIMIT_MB} MB growth`,
        verdict(rssFlat(result)),
      ];
    }),
    [1, 2, 3, 4, 5, 6, 7],
  );
