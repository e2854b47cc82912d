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
}

export const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test";

const USAGE = `usage: pnpm bench [--events N] [--batch N] [--streams N] [--sync FULL|NORMAL] [--page-size N] [--repeat N] [--skip-single] [--keep]
                  [--skip-pg] [--pg-single-events N] [--skip-protection] [--subjects N] [--erasures N]
  (or the environment variables BENCH_EVENTS, BENCH_BATCH, BENCH_STREAMS, BENCH_SYNC, BENCH_PAGE_SIZE, BENCH_REPEAT, BENCH_SKIP_SINGLE=1, BENCH_KEEP=1,
   BENCH_SKIP_PG=1, BENCH_PG_SINGLE_EVENTS, BENCH_SKIP_PROTECTION=1, BENCH_SUBJECTS, BENCH_ERASURES; the server: PRIVACY_LEDGER_PG_URL)`;

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
  return {
    events: positive("events", values.events ?? env.BENCH_EVENTS, 100_000),
    batchSize: positive("batch", values.batch ?? env.BENCH_BATCH, 100),
    streams: positive("streams", values.streams ?? env.BENCH_STREAMS, 1_000),
    synchronous,
    pageSize: positive("page-size", values["page-size"] ?? env.BENCH_PAGE_SIZE, 500),
    skipSingle: values["skip-single"] ?? env.BENCH_SKIP_SINGLE === "1",
    repeat: positive("repeat", values.repeat ?? env.BENCH_REPEAT, 1),
    keep: values.keep ?? env.BENCH_KEEP === "1",
    skipPg: values["skip-pg"] ?? env.BENCH_SKIP_PG === "1",
    pgUrl: env.PRIVACY_LEDGER_PG_URL || DEFAULT_PG_URL,
    pgSingleEvents: positive(
      "pg-single-events",
      values["pg-single-events"] ?? env.BENCH_PG_SINGLE_EVENTS,
      5_000,
    ),
    skipProtection: values["skip-protection"] ?? env.BENCH_SKIP_PROTECTION === "1",
    subjects: positive("subjects", values.subjects ?? env.BENCH_SUBJECTS, 10_000),
    erasures: positive("erasures", values.erasures ?? env.BENCH_ERASURES, 20),
  };
};

const positive = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === "") return fallback;
  const value = Number(text.replaceAll("_", ""));
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, not ${text}\n${USAGE}`);
  return value;
};
