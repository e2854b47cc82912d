import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectionId, type ReadModelStore } from "@privacy-ledger/projections";
import { openSqliteEventStore } from "@privacy-ledger/store-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeBulkHistory } from "../test/bulkHistory.js";
import { type LedgerFiles, ledgerFiles } from "../test/companyHistory.js";
import { checkpointsOf, openReadModels, projectUpTo, rowsOf } from "../test/readModelState.js";
import { assertBuilt, runBinary, startBinary } from "../test/runBinary.js";
import { EXIT } from "./io.js";
import { READ_MODELS } from "./readModels.js";

/*
 * Issue 8: an interrupted replay leaves nothing half-written. The built binary replays a long history
 * (700 people, 8 events each) in small batches and is stopped once its first progress line shows a batch
 * committed: gracefully (SIGINT) and without any chance to clean up (SIGKILL). Each read model must then
 * hold exactly what a from-scratch projection of the events up to its own checkpoint gives, and a second
 * run must end where an uninterrupted replay ends.
 */

const PEOPLE = 700;
/** Small batches: many commits, so the stop lands well inside the log. */
const BATCH = "100";

let dir: string;
let files: LedgerFiles;
let head: number;
/** The read models of one uninterrupted replay: what every resumed replay must end equal to. */
let reference: string;

const replayArgs = (readModels: string) => [
  "replay",
  "--store",
  `sqlite:${files.db}`,
  "--read-models",
  readModels,
  "--batch-size",
  BATCH,
];

const withReadModels = async <T>(path: string, body: (store: ReadModelStore) => Promise<T>): Promise<T> => {
  const store = await openReadModels(path);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
};

/** Every read model in `actualPath` holds the same rows as in `expectedPath`, for the read models named. */
const expectSameRows = async (actualPath: string, expectedPath: string, ids: ReadonlySet<string>) =>
  withReadModels(actualPath, (actual) =>
    withReadModels(expectedPath, async (expected) => {
      for (const projection of READ_MODELS.filter((p) => ids.has(projectionId(p))))
        expect(await rowsOf(actual, projection), projectionId(projection)).toEqual(
          await rowsOf(expected, projection),
        );
    }),
  );

/**
 * (a) Each read model's rows equal a from-scratch projection of exactly the events up to its checkpoint:
 * no event half-applied, no row from beyond it. Returns the checkpoints.
 */
const expectWholeAtCheckpoints = async (path: string, name: string): Promise<Map<string, number>> => {
  const checkpoints = await checkpointsOf(path);
  const source = openSqliteEventStore({ path: files.db });
  try {
    for (const position of new Set(checkpoints.values())) {
      const expected = join(dir, `${name}-expected-${position}.db`);
      await projectUpTo(source, position, expected);
      const at = new Set([...checkpoints].filter(([, p]) => p === position).map(([id]) => id));
      await expectSameRows(path, expected, at);
    }
  } finally {
    await source.close();
  }
  return checkpoints;
};

/** (b) Running the same command again resumes and ends equal to the uninterrupted replay. */
const expectResumesToReference = async (path: string, from: number) => {
  const again = await runBinary(replayArgs(path));
  expect(again.stderr).toBe("");
  expect(again.code).toBe(EXIT.ok);
  expect(again.stdout).toContain(`replayed ${head - from} events into ${READ_MODELS.length} read models`);
  expect(again.stdout).toContain(`up to position ${head}`);
  expect([...(await checkpointsOf(path)).values()]).toEqual(READ_MODELS.map(() => head));
  await expectSameRows(path, reference, new Set(READ_MODELS.map(projectionId)));
};

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), "privacy-ledger-cli-replay-"));
  files = ledgerFiles(dir);
  await writeBulkHistory(files, PEOPLE);
  const store = openSqliteEventStore({ path: files.db });
  head = await store.headPosition();
  await store.close();
  reference = join(dir, "reference.db");
  const full = await runBinary(replayArgs(reference));
  expect(full.code, full.stderr).toBe(EXIT.ok);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("privacy-ledger replay, interrupted (the built binary)", () => {
  it("the uninterrupted replay equals a from-scratch projection of the whole log", async () => {
    expect(head).toBeGreaterThan(PEOPLE * 8);
    const checkpoints = await expectWholeAtCheckpoints(reference, "full");
    expect([...checkpoints.values()]).toEqual(READ_MODELS.map(() => head));
  }, 120_000);

  it("SIGINT: commits the batch in hand, says up to where every read model is whole, exits 130; a rerun resumes", async () => {
    const path = join(dir, "sigint.db");
    const run = startBinary(replayArgs(path));
    await run.line(/^replay: \d+\/\d+ events \(\d+%\)/);
    run.child.kill("SIGINT");
    const stopped = await run.finished;
    expect(stopped.code).toBe(EXIT.interrupted);
    const said =
      /^privacy-ledger replay: stopped by SIGINT; every read model is whole up to position (\d+); run again to continue\n$/.exec(
        stopped.stderr,
      );
    expect(said, stopped.stderr).not.toBeNull();
    const position = Number(said?.[1]);
    expect(position).toBeGreaterThan(0);
    expect(position).toBeLessThan(head);
    const checkpoints = await expectWholeAtCheckpoints(path, "sigint");
    expect([...checkpoints.values()]).toEqual(READ_MODELS.map(() => position));
    await expectResumesToReference(path, position);
  }, 120_000);

  it("SIGKILL: no chance to clean up, yet each read model is whole at its own checkpoint; a rerun resumes", async () => {
    const path = join(dir, "sigkill.db");
    const run = startBinary(replayArgs(path));
    await run.line(/^replay: \d+\/\d+ events \(\d+%\)/);
    run.child.kill("SIGKILL");
    const killed = await run.finished;
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.stderr).toBe("");
    const checkpoints = await expectWholeAtCheckpoints(path, "sigkill");
    const positions = [...checkpoints.values()];
    expect(Math.min(...positions)).toBeGreaterThan(0);
    expect(Math.max(...positions)).toBeLessThan(head);
    await expectResumesToReference(path, Math.min(...positions));
  }, 120_000);
});
