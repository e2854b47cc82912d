import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultKeyPath } from "@privacy-ledger/store-sqlite";
import { type BenchConfig, readConfig } from "./config.js";
import { machineLines } from "./environment.js";
import { averageEventBytes } from "./fixture.js";
import {
  type ErasureTrace,
  type Kind,
  runInChild,
  type ScenarioResult,
  type ScenarioSpec,
  type Side,
} from "./harness.js";
import { dropSchemas, type PgServer, probePg } from "./pgServer.js";
import {
  eventsPerSecond,
  type MemoryRow,
  markdownTable,
  memoryTable,
  type Row,
  RSS_GROWTH_LIMIT_MB,
  ratioToRaw,
  rssFlat,
  type Target,
  throughputTable,
} from "./report.js";

const MAX_RATIO = 2;
const MIN_VERIFY_PER_SECOND = 200_000;
const MAX_PROTECTION_RATIO = 1.5;
/** "Erasing one subject among 100k events costs milliseconds, not a scan": our reading of the issue. */
const MAX_ERASURE_MS = 100;

const atMostTwiceRaw: Target = {
  text: `≤ ${MAX_RATIO.toFixed(2)}× raw`,
  met: (row) => (ratioToRaw(row) ?? Number.POSITIVE_INFINITY) <= MAX_RATIO,
};
const atMostProtectionRatio: Target = {
  text: `≤ ${MAX_PROTECTION_RATIO.toFixed(2)}× unprotected`,
  met: (row) => (ratioToRaw(row) ?? Number.POSITIVE_INFINITY) <= MAX_PROTECTION_RATIO,
};
const verifyRate: Target = {
  text: `≥ ${MIN_VERIFY_PER_SECOND.toLocaleString("en-US")} ev/s`,
  met: (row) => eventsPerSecond(row.result) >= MIN_VERIFY_PER_SECOND,
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const settings = (config: BenchConfig, dir: string, server: PgServer | undefined): string => {
  return [
    "privacy-ledger bench: @privacy-ledger/store-sqlite against raw better-sqlite3, @privacy-ledger/store-postgres against raw pg, personal-data protection on/off",
    `  events        ${config.events.toLocaleString("en-US")} per scenario, over ${config.streams.toLocaleString("en-US")} streams, ~${Math.round(averageEventBytes())} B of data+metadata JSON each`,
    `  batch size    ${config.batchSize} events per transaction (batched scenarios); 1 (single scenarios${config.skipSingle ? ", skipped" : ""})`,
    `  durability    journal_mode=WAL, synchronous=${config.synchronous}`,
    `  reads         keyset pages of ${config.pageSize} rows`,
    ...machineLines(),
    `  files         fresh in ${dir}, ${config.keep ? "kept" : "removed"} afterwards; one child process per scenario run`,
    `  runs          ${config.repeat} round(s) of every scenario, the fastest run of each reported`,
    "  timing        appends: only the time inside append calls (building the events is left out); reads: the whole loop",
    config.skipPg
      ? "  postgres      skipped (--skip-pg)"
      : server?.ok
        ? `  postgres      ${server.info}; ${config.pgSingleEvents.toLocaleString("en-US")} events in the 1-event/tx scenarios${config.skipSingle ? " (skipped)" : ""}, a fresh schema per scenario, dropped afterwards`
        : `  postgres      skipped: ${server?.ok === false ? server.reason : "no server"}`,
    config.skipProtection
      ? "  protection    skipped (--skip-protection)"
      : `  protection    2 personal fields (email, name) per event over ${config.subjects.toLocaleString("en-US")} subjects (one data key each, wrapped under a master key; key file synchronous=FULL); ${config.erasures} erasures`,
  ].join("\n");
};

/** Sign-ups: appends of new subjects in the protection scenarios, and how many are in flight. */
const SIGN_UPS = 5_000;
const SIGN_UPS_IN_FLIGHT = 16;

/** The stores against raw drivers, protection on and off (the default mode; see docs/performance.md). */
const storeBench = async (config: BenchConfig): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "privacy-ledger-bench-"));
  let cleaned = false;
  const cleanUp = () => {
    if (cleaned) return;
    cleaned = true;
    if (config.keep) console.error(`kept the database files in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  // "exit" also fires when the process dies of an uncaught error (say EPIPE from `pnpm bench | head`).
  process.once("exit", cleanUp);
  // Schemas of PostgreSQL scenarios not dropped yet: dropped after each round, on an error, and on a signal.
  const liveSchemas = new Set<string>();
  const dropLive = async () => {
    const schemas = [...liveSchemas];
    liveSchemas.clear();
    await dropSchemas(config.pgUrl, schemas).catch((error: unknown) =>
      console.error(`could not drop the bench schemas ${schemas.join(", ")}: ${String(error)}`),
    );
  };
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)
    process.once(signal, () => {
      void dropLive().finally(() => process.exit(code));
    });
  try {
    const server = config.skipPg ? undefined : await probePg(config.pgUrl);
    const withPg = server?.ok === true;
    console.log(`${settings(config, dir, server)}\n`);
    if (server?.ok === false) console.log(`PostgreSQL skipped: ${server.reason}\n`);
    const schemaPrefix = `bench_${process.pid}_${Date.now().toString(36)}`;
    const spec = (
      side: Side,
      kind: Kind,
      file: string,
      {
        batchSize = 1,
        probe = false,
        events = config.events,
        round = 1,
        concurrency,
      }: { batchSize?: number; probe?: boolean; events?: number; round?: number; concurrency?: number } = {},
    ): ScenarioSpec => ({
      side,
      kind,
      path: side === "pg" || side === "pg-raw" ? "" : join(dir, file),
      events,
      batchSize,
      streams: config.streams,
      synchronous: config.synchronous,
      pageSize: config.pageSize,
      probe,
      ...(side === "pg" || side === "pg-raw"
        ? { pgUrl: config.pgUrl, pgSchema: `${schemaPrefix}_r${round}_${file}` }
        : {}),
      ...(side === "protected" || side === "plain" ? { subjects: config.subjects } : {}),
      ...(kind === "erase" ? { erasures: config.erasures } : {}),
      ...(concurrency === undefined ? {} : { concurrency }),
    });
    // Sign-ups: single-event appends of new subjects, as many in flight as a busy server has.
    const signUps = { events: Math.min(config.events, SIGN_UPS), concurrency: SIGN_UPS_IN_FLIGHT };
    const batched = { batchSize: config.batchSize };
    // In run order: each read and verify uses the file (or schema) the append before it in the same round wrote.
    const stepsOf = (round: number) => ({
      ...(config.skipSingle
        ? {}
        : {
            rawSingle: spec("raw", "append", "raw-single.db"),
            librarySingle: spec("library", "append", "library-single.db"),
          }),
      rawBatched: spec("raw", "append", "raw.db", batched),
      libraryBatched: spec("library", "append", "library.db", batched),
      rawRead: spec("raw", "read", "raw.db"),
      libraryRead: spec("library", "read", "library.db"),
      verify: spec("library", "verify", "library.db"),
      verifyMemory: spec("library", "verify", "library.db", { probe: true }),
      ...(withPg && !config.skipSingle
        ? {
            pgRawSingle: spec("pg-raw", "append", "raw_single", { events: config.pgSingleEvents, round }),
            pgSingle: spec("pg", "append", "lib_single", { events: config.pgSingleEvents, round }),
          }
        : {}),
      ...(withPg
        ? {
            pgRawBatched: spec("pg-raw", "append", "raw", { ...batched, round }),
            pgBatched: spec("pg", "append", "lib", { ...batched, round }),
            pgRawRead: spec("pg-raw", "read", "raw", { round }),
            pgRead: spec("pg", "read", "lib", { round }),
          }
        : {}),
      ...(config.skipProtection
        ? {}
        : {
            plainBatched: spec("plain", "append", "plain.db", batched),
            protectedBatched: spec("protected", "append", "protected.db", batched),
            plainRead: spec("plain", "read", "plain.db"),
            protectedRead: spec("protected", "read", "protected.db"),
            erase: spec("protected", "erase", "protected.db"),
            plainSignUps: spec("plain", "command", "plain-signups.db", signUps),
            protectedSignUps: spec("protected", "command", "protected-signups.db", signUps),
            cipherFloor: spec("protected", "floor", "floor.db"),
          }),
    });
    type Step = keyof ReturnType<typeof stepsOf>;

    // Rounds rather than back-to-back repeats: a burst of load elsewhere on the machine then hits a
    // library scenario and its raw counterpart alike, and the fastest of each is kept.
    const best = new Map<Step, ScenarioResult>();
    /** Every run of each step, round by round (the protection figures report their spread). */
    const runs = new Map<Step, ScenarioResult[]>();
    const erasureMedians: number[] = [];
    for (let round = 1; round <= config.repeat; round++) {
      for (const [step, scenario] of Object.entries(stepsOf(round)) as [Step, ScenarioSpec][]) {
        if ((scenario.kind === "append" || scenario.kind === "command") && scenario.path !== "")
          for (const file of [scenario.path, defaultKeyPath(scenario.path)])
            for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
        if (scenario.kind === "append" && scenario.pgSchema) liveSchemas.add(scenario.pgSchema);
        const result = await runInChild(scenario);
        const what = `${scenario.side} ${scenario.kind}${scenario.kind === "append" ? ` ${scenario.batchSize}/tx` : ""}${scenario.concurrency ? ` ×${scenario.concurrency}` : ""}${scenario.probe ? " (memory pass)" : ""}`;
        const erasure = result.erasure
          ? ` (median ${median(result.erasure.totalMs).toFixed(1)} ms per subject)`
          : "";
        console.error(
          `  round ${round}/${config.repeat}: ${what.padEnd(28)} ${result.seconds.toFixed(2).padStart(7)} s${erasure}`,
        );
        if (result.erasure) erasureMedians.push(median(result.erasure.totalMs));
        runs.set(step, [...(runs.get(step) ?? []), result]);
        const previous = best.get(step);
        if (previous === undefined || result.seconds < previous.seconds) best.set(step, result);
      }
      await dropLive();
    }
    const get = (step: Step): ScenarioResult => {
      const result = best.get(step);
      if (result === undefined) throw new Error(`no result for ${step}`);
      return result;
    };

    const rows: Row[] = [];
    if (!config.skipSingle) {
      const raw = get("rawSingle");
      rows.push(
        { label: "raw insert, 1 event/tx", result: raw, note: "baseline" },
        { label: "library append, 1 event/tx", result: get("librarySingle"), raw, note: "none (reported)" },
      );
    }
    const rawBatched = get("rawBatched");
    const rawRead = get("rawRead");
    rows.push(
      { label: `raw insert, ${config.batchSize} events/tx`, result: rawBatched, note: "baseline" },
      {
        label: `library append, ${config.batchSize} events/tx`,
        result: get("libraryBatched"),
        raw: rawBatched,
        target: atMostTwiceRaw,
      },
      { label: "raw read all (SELECT + JSON.parse)", result: rawRead, note: "baseline" },
      { label: "library readAll()", result: get("libraryRead"), raw: rawRead, target: atMostTwiceRaw },
      { label: "library verifyStore()", result: get("verify"), target: verifyRate },
    );
    const memory: MemoryRow[] = [
      { label: "raw read all", result: rawRead },
      { label: "library readAll()", result: get("libraryRead") },
      { label: "library verifyStore() (memory pass)", result: get("verifyMemory") },
    ];

    const pgRows: Row[] = [];
    if (withPg) {
      if (!config.skipSingle) {
        const raw = get("pgRawSingle");
        pgRows.push(
          { label: "pg raw insert, 1 event/tx", result: raw, note: "baseline" },
          { label: "pg library append, 1 event/tx", result: get("pgSingle"), raw, note: "none (reported)" },
        );
      }
      const raw = get("pgRawBatched");
      const read = get("pgRawRead");
      pgRows.push(
        { label: `pg raw insert, ${config.batchSize} events/tx`, result: raw, note: "baseline" },
        {
          label: `pg library append, ${config.batchSize} events/tx`,
          result: get("pgBatched"),
          raw,
          target: atMostTwiceRaw,
        },
        { label: "pg raw read all (SELECT + JSON.parse)", result: read, note: "baseline" },
        { label: "pg library readAll()", result: get("pgRead"), raw: read, note: "none (reported)" },
      );
      memory.push(
        { label: "pg raw read all", result: read },
        { label: "pg library readAll()", result: get("pgRead") },
      );
    }

    const protectionRows: Row[] = [];
    let erasure: ScenarioResult | undefined;
    if (!config.skipProtection) {
      const plain = get("plainBatched");
      const plainRead = get("plainRead");
      protectionRows.push(
        { label: `unprotected append, ${config.batchSize} events/tx`, result: plain, note: "baseline" },
        {
          label: `protected append, ${config.batchSize} events/tx`,
          result: get("protectedBatched"),
          raw: plain,
          target: atMostProtectionRatio,
        },
        { label: "unprotected readAll()", result: plainRead, note: "baseline" },
        {
          label: "protected readAll() (fields opened)",
          result: get("protectedRead"),
          raw: plainRead,
          target: atMostProtectionRatio,
        },
        {
          label: `unprotected appends of 1 event, ${SIGN_UPS_IN_FLIGHT} in flight`,
          result: get("plainSignUps"),
          note: "baseline",
        },
        {
          label: `protected, each a new subject (a key made)`,
          result: get("protectedSignUps"),
          raw: get("plainSignUps"),
          note: "none (reported)",
        },
      );
      memory.push(
        { label: "unprotected readAll()", result: plainRead },
        { label: "protected readAll()", result: get("protectedRead") },
      );
      erasure = get("erase");
    }

    console.log(
      `\nSQLite: @privacy-ledger/store-sqlite against raw better-sqlite3\n\n${throughputTable(rows)}\n`,
    );
    if (withPg)
      console.log(
        `PostgreSQL: @privacy-ledger/store-postgres against raw pg\n\n${throughputTable(pgRows, "× raw time")}\n`,
      );
    if (!config.skipProtection)
      console.log(
        `Personal-data protection (SQLite): openProtectedSqliteStore against openSqliteEventStore, same events\n\n${throughputTable(protectionRows, "× unprotected")}\n`,
      );
    if (!config.skipProtection) {
      const runsOf = (step: Step): readonly ScenarioResult[] => runs.get(step) ?? [];
      console.log(
        `${protectionCostTable(
          {
            plainAppend: runsOf("plainBatched"),
            protectedAppend: runsOf("protectedBatched"),
            plainRead: runsOf("plainRead"),
            protectedRead: runsOf("protectedRead"),
            floor: runsOf("cipherFloor"),
          },
          config,
        )}\n`,
      );
    }
    const erasureMet = erasure?.erasure ? erasureOk(erasure.erasure) : undefined;
    if (erasure?.erasure) console.log(`${erasureTable(erasure, config, erasureMet === true)}\n`);
    console.log(`${memoryTable(memory)}\n`);
    console.log(
      [
        "× raw time: library seconds / raw seconds for the same events (1.00 = raw speed); × unprotected: protected / unprotected seconds.",
        "Peak RSS: process.resourceUsage().maxRSS of the scenario's own child process (Node itself included).",
        "Memory (MB): RSS sampled at 10%, 50% and 100% of each read; heap = V8 heap in use after a full GC.",
        `Flat means RSS grows < ${RSS_GROWTH_LIMIT_MB} MB from 50% to 100% of the read (the first part is V8 sizing its young generation).`,
        ...(erasureMedians.length > 1
          ? [
              `Erasure median per round: ${erasureMedians.map((ms) => `${ms.toFixed(1)} ms`).join(", ")} (the round with the lowest total is shown).`,
            ]
          : []),
      ].join("\n"),
    );
    const misses = [
      ...[...rows, ...pgRows, ...protectionRows]
        .filter((row) => row.target && !row.target.met(row))
        .map((row) => row.label),
      ...(erasureMet === false ? ["eraseSubject"] : []),
      ...memory.filter((row) => rssFlat(row.result) === false).map((row) => `${row.label} RSS`),
    ];
    console.log(misses.length === 0 ? "\nAll targets met." : `\nTargets missed: ${misses.join("; ")}.`);
  } finally {
    await dropLive();
    cleanUp();
  }
};

/**
 * What protection costs, round by round (wall and CPU time), beside its floor: AES-256-GCM alone for
 * the fields of the run's events. Floor ratio: (unprotected + AES-GCM) / unprotected, the lowest any
 * implementation of the design could reach on this machine.
 */
const protectionCostTable = (
  runs: {
    readonly plainAppend: readonly ScenarioResult[];
    readonly protectedAppend: readonly ScenarioResult[];
    readonly plainRead: readonly ScenarioResult[];
    readonly protectedRead: readonly ScenarioResult[];
    readonly floor: readonly ScenarioResult[];
  },
  config: BenchConfig,
): string => {
  const floors = runs.floor.map((run) => run.floor).filter((floor) => floor !== undefined);
  const min = (values: readonly number[]) => Math.min(...values);
  const cpu = (run: ScenarioResult) => run.cpuSeconds ?? Number.NaN;
  const ratios = (protectedRuns: readonly ScenarioResult[], plainRuns: readonly ScenarioResult[]) =>
    protectedRuns.map((run, i) => {
      const plain = plainRuns[i] as ScenarioResult;
      return { wall: run.seconds / plain.seconds, cpu: cpu(run) / cpu(plain) };
    });
  const spread = (values: readonly number[]) =>
    `${min(values).toFixed(2)} (${values.map((v) => v.toFixed(2)).join(", ")})`;
  const fields = floors[0]?.fields ?? 2 * config.events;
  const line = (
    label: string,
    aesCpu: number,
    plainRuns: readonly ScenarioResult[],
    protectedRuns: readonly ScenarioResult[],
  ): readonly string[] => {
    const plainCpu = min(plainRuns.map(cpu));
    const round = ratios(protectedRuns, plainRuns);
    return [
      label,
      ((aesCpu * 1e6) / fields).toFixed(2),
      aesCpu.toFixed(2),
      plainCpu.toFixed(2),
      min(protectedRuns.map(cpu)).toFixed(2),
      ((plainCpu + aesCpu) / plainCpu).toFixed(2),
      spread(round.map((r) => r.cpu)),
      spread(round.map((r) => r.wall)),
    ];
  };
  return [
    `Protection cost against its floor: CPU seconds (user + system of the scenario's process over the timed section; less moved by other work on the machine than wall time), fastest of ${runs.floor.length} round(s); AES-256-GCM alone = node:crypto, a cipher object per field, ${fields.toLocaleString("en-US")} fields (2 per event) under ${config.subjects.toLocaleString("en-US")} keys, nothing else timed\n`,
    markdownTable(
      [
        "Operation",
        "AES-GCM µs/field",
        "AES-GCM s",
        "Unprotected s",
        "Protected s",
        "Floor ratio",
        "× unprotected, CPU: best (by round)",
        "× unprotected, wall: best (by round)",
      ],
      [
        line(
          `append, ${config.batchSize} events/tx (encrypt)`,
          min(floors.map((f) => f.encryptCpuSeconds)),
          runs.plainAppend,
          runs.protectedAppend,
        ),
        line(
          "readAll() (decrypt)",
          min(floors.map((f) => f.decryptCpuSeconds)),
          runs.plainRead,
          runs.protectedRead,
        ),
      ],
      [1, 2, 3, 4, 5],
    ),
    "",
    "Floor ratio: (unprotected CPU s + AES-GCM CPU s) / unprotected CPU s. An append's wall time also waits for fsyncs (the event file's, and the key file's when a batch makes keys), which CPU time leaves out.",
  ].join("\n");
};

/** Milliseconds per subject, and the key store's per-subject statements search an index (no SCAN). */
const erasureOk = (trace: ErasureTrace): boolean =>
  median(trace.totalMs) <= MAX_ERASURE_MS &&
  trace.plan.every((line) => /USING (COVERING )?INDEX/.test(line) && !/\bSCAN\b/.test(line));

const erasureTable = (result: ScenarioResult, config: BenchConfig, met: boolean): string => {
  const trace = result.erasure as ErasureTrace;
  const ms = (values: readonly number[]) =>
    `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
  return [
    `Erasure: eraseSubject() of one subject in the protected store (${config.events.toLocaleString("en-US")} events, ${trace.keys.toLocaleString("en-US")} data keys), ${trace.totalMs.length} subjects one after the other\n`,
    markdownTable(
      ["Step", "Median ms (min–max)", "Target", "Result"],
      [
        [
          "eraseSubject() (append record + shred + checkpoint)",
          ms(trace.totalMs),
          `≤ ${MAX_ERASURE_MS} ms, index search`,
          met ? "PASS" : "MISS",
        ],
        ["  of which keyStore.shred() (UPDATE, DELETE, commit, WAL checkpoint)", ms(trace.shredMs), "—", "—"],
        ["keyStore.listKeys(subject, class) alone (the look-up)", ms(trace.lookupMs), "—", "—"],
      ],
      [1],
    ),
    "",
    ...trace.plan.map((line) => `query plan (key file): ${line}`),
  ].join("\n");
};

/**
 * `pnpm bench` (the stores), `--compare` (side by side with Emmett), `--scaling` (10k … 1M events), or
 * `--smoke`: all three at a few hundred events, one round, failing only on an error (CI runs it so the
 * benchmark cannot rot; the targets are never judged there, CI machines vary too much).
 */
const main = async (): Promise<void> => {
  const config = readConfig(process.argv.slice(2), process.env);
  if (config.mode === "compare") {
    await (await import("./compare.js")).runComparison(config);
    return;
  }
  if (config.mode === "scaling") return (await import("./scaling.js")).runScaling(config);
  if (config.mode === "stores") return storeBench(config);
  const started = process.hrtime.bigint();
  if (!config.skipPg && process.env.PRIVACY_LEDGER_REQUIRE_PG === "1") {
    const server = await probePg(config.pgUrl);
    if (!server.ok) throw new Error(`PostgreSQL is required (PRIVACY_LEDGER_REQUIRE_PG=1): ${server.reason}`);
  }
  await storeBench(config);
  console.log("");
  const { emmettFailures } = await (await import("./compare.js")).runComparison(config);
  console.log("");
  await (await import("./scaling.js")).runScaling(config);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Emmett's own failures are reported, never fatal: the smoke guards this bench and our stores.
  const emmett =
    emmettFailures.length === 0 ? "" : `; Emmett failed in ${emmettFailures.join(", ")} (reported above)`;
  console.log(
    `\nsmoke: every scenario of ours ran without an error in ${seconds.toFixed(1)} s${emmett} (targets are not judged at this size)`,
  );
};

await main();
