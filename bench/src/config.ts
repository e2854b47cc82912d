import { parseArgs } from "node:util";

export type Synchronous = "FULL" | "NORMAL";

export interface BenchConfig {
  /** Events written by each append scenario, and read back by each read scenario. */
  readonly events: number;
  /** Events per transaction in the batched append scenarios. */
  readonly batchSize: number;
  /** Streams the events are spread over. */
  readonly streams: number;
  readonly synchronous: Synchronous;
  /** Rows per query, for the store (its `pageSize`) and for the raw keyset reads alike. */
  readonly pageSize: number;
  /** Skip the one-event-per-transaction scenarios (the slow ones under synchronous=FULL). */
  readonly skipSingle: boolean;
  /** Runs per scenario; the fastest is reported (damps noise from other work on the machine). */
  readonly repeat: number;
  /** Leave the database files in place (to profile a scenario on them afterwards). */
  readonly keep: boolean;
  /** Leave out the PostgreSQL scenarios. */
  readonly skipPg: boolean;
  /** The PostgreSQL server of the PostgreSQL scenarios (a fresh schema per scenario, dropped afterwards). */
  readonly pgUrl: string;
  /** Events of the PostgreSQL one-event-per-transaction scenarios (each is a few round trips and a commit). */
  readonly pgSingleEvents: number;
  /** Leave out the personal-data protection scenarios. */
  readonly skipProtection: boolean;
  /** Subjects the personal data of the protection scenarios is spread over (one data key each). */
  readonly subjects: number;
  /** Subjects erased, one at a time, in the erasure scenario. */
  readonly erasures: number;
  /** What to run: the store bench (default), the side-by-side with Emmett, the scaling series, or all small. */
  readonly mode: "stores" | "compare" | "scaling" | "smoke";
  /** compare: command loops in flight in the command scenarios (each a row); default 1 and 16. */
  readonly concurrency: readonly number[];
  /** compare: single-event commands on privacy-ledger's SQLite and in-memory stores and Emmett's in-memory one. */
  readonly commandEvents: number;
  /** compare: single-event commands on Emmett's SQLite store (~100–300 per second here). */
  readonly emmettSingleEvents: number;
  /** compare: commands per stream (record); the stream count follows from it, on both sides alike. */
  readonly commandsPerStream: number;
  /** scaling: the sizes of the series, in events. */
  readonly scalingSizes: readonly number[];
}

export const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test";

const USAGE = `usage: pnpm bench [--events N] [--batch N] [--streams N] [--sync FULL|NORMAL] [--page-size N] [--repeat N] [--skip-single] [--keep]
                  [--skip-pg] [--pg-single-events N] [--skip-protection] [--subjects N] [--erasures N]
       pnpm bench --compare [--concurrency N] [--command-events N] [--emmett-single-events N] [--commands-per-stream N] [...]
       pnpm bench --scaling [--scaling-sizes 10000,100000,1000000]
       pnpm bench --smoke      (every scenario, a few hundred events, one round: fails on errors only)
  (or the environment variables BENCH_EVENTS, BENCH_BATCH, BENCH_STREAMS, BENCH_SYNC, BENCH_PAGE_SIZE, BENCH_REPEAT, BENCH_SKIP_SINGLE=1, BENCH_KEEP=1,
   BENCH_SKIP_PG=1, BENCH_PG_SINGLE_EVENTS, BENCH_SKIP_PROTECTION=1, BENCH_SUBJECTS, BENCH_ERASURES, BENCH_CONCURRENCY,
   BENCH_COMMAND_EVENTS, BENCH_EMMETT_SINGLE_EVENTS, BENCH_COMMANDS_PER_STREAM, BENCH_SCALING_SIZES; the server: PRIVACY_LEDGER_PG_URL)`;

/** The sizes of --smoke: enough for every scenario to run its whole path, small enough for CI (< 2 minutes). */
const SMOKE = {
  events: 400,
  /** Two streams: each gets two batches, so the expected-version path of a stream's second append runs. */
  streams: 2,
  pgSingleEvents: 100,
  subjects: 50,
  erasures: 3,
  commandEvents: 200,
  emmettSingleEvents: 64,
  scalingSizes: [500, 1_000, 2_000],
} as const;

/** Command-line options win over environment variables, which win over the defaults. */
export const readConfig = (argv: readonly string[], env: NodeJS.ProcessEnv): BenchConfig => {
  const { values } = parseArgs({
    // `pnpm bench -- --events 1000` hands the script a literal "--"; drop it.
    args: argv.filter((arg) => arg !== "--"),
    options: {
      events: { type: "string" },
      batch: { type: "string" },
      streams: { type: "string" },
      sync: { type: "string" },
      "page-size": { type: "string" },
      repeat: { type: "string" },
      "skip-single": { type: "boolean" },
      keep: { type: "boolean" },
      "skip-pg": { type: "boolean" },
      "pg-single-events": { type: "string" },
      "skip-protection": { type: "boolean" },
      subjects: { type: "string" },
      erasures: { type: "string" },
      compare: { type: "boolean" },
      scaling: { type: "boolean" },
      smoke: { type: "boolean" },
      concurrency: { type: "string" },
      "command-events": { type: "string" },
      "emmett-single-events": { type: "string" },
      "commands-per-stream": { type: "string" },
      "scaling-sizes": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const synchronous = (values.sync ?? env.BENCH_SYNC ?? "FULL").toUpperCase();
  if (synchronous !== "FULL" && synchronous !== "NORMAL")
    throw new Error(`--sync must be FULL or NORMAL, not ${synchronous}\n${USAGE}`);
  const modes = (["compare", "scaling", "smoke"] as const).filter((mode) => values[mode]);
  if (modes.length > 1) throw new Error(`choose one of --${modes.join(", --")}\n${USAGE}`);
  const mode = modes[0] ?? "stores";
  const smoke = mode === "smoke";
  const concurrencyText = values.concurrency ?? env.BENCH_CONCURRENCY;
  return {
    events: smoke ? SMOKE.events : positive("events", values.events ?? env.BENCH_EVENTS, 100_000),
    batchSize: positive("batch", values.batch ?? env.BENCH_BATCH, 100),
    streams: smoke ? SMOKE.streams : positive("streams", values.streams ?? env.BENCH_STREAMS, 1_000),
    synchronous,
    pageSize: positive("page-size", values["page-size"] ?? env.BENCH_PAGE_SIZE, 500),
    skipSingle: values["skip-single"] ?? env.BENCH_SKIP_SINGLE === "1",
    repeat: smoke ? 1 : positive("repeat", values.repeat ?? env.BENCH_REPEAT, 1),
    keep: values.keep ?? env.BENCH_KEEP === "1",
    skipPg: values["skip-pg"] ?? env.BENCH_SKIP_PG === "1",
    pgUrl: env.PRIVACY_LEDGER_PG_URL || DEFAULT_PG_URL,
    // The side-by-side runs four PostgreSQL command scenarios of this size per round (two per library).
    pgSingleEvents: smoke
      ? SMOKE.pgSingleEvents
      : positive(
          "pg-single-events",
          values["pg-single-events"] ?? env.BENCH_PG_SINGLE_EVENTS,
          mode === "compare" ? 2_000 : 5_000,
        ),
    skipProtection: values["skip-protection"] ?? env.BENCH_SKIP_PROTECTION === "1",
    subjects: smoke ? SMOKE.subjects : positive("subjects", values.subjects ?? env.BENCH_SUBJECTS, 10_000),
    erasures: smoke ? SMOKE.erasures : positive("erasures", values.erasures ?? env.BENCH_ERASURES, 20),
    mode,
    concurrency:
      concurrencyText === undefined || concurrencyText === ""
        ? [1, 16]
        : [positive("concurrency", concurrencyText, 1)],
    commandEvents: smoke
      ? SMOKE.commandEvents
      : positive("command-events", values["command-events"] ?? env.BENCH_COMMAND_EVENTS, 10_000),
    emmettSingleEvents: smoke
      ? SMOKE.emmettSingleEvents
      : positive(
          "emmett-single-events",
          values["emmett-single-events"] ?? env.BENCH_EMMETT_SINGLE_EVENTS,
          2_000,
        ),
    commandsPerStream: positive(
      "commands-per-stream",
      values["commands-per-stream"] ?? env.BENCH_COMMANDS_PER_STREAM,
      10,
    ),
    scalingSizes: smoke
      ? SMOKE.scalingSizes
      : (values["scaling-sizes"] ?? env.BENCH_SCALING_SIZES ?? "10000,100000,1000000")
          .split(",")
          .map((size) => positive("scaling-sizes", size.trim(), 1)),
  };
};

const positive = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === "") return fallback;
  const value = Number(text.replaceAll("_", ""));
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, not ${text}\n${USAGE}`);
  return value;
};
