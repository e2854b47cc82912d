/** What one request of a group came to: its value, or the error that refused it alone. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/** Commits a group of requests; synchronous (better-sqlite3) or asynchronous (a server round trip). */
export type GroupCommit<Request, Outcome> = (
  requests: readonly Request[],
) => readonly Settled<Outcome>[] | Promise<readonly Settled<Outcome>[]>;

interface Waiting<Request, Outcome> {
  readonly request: Request;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for a store's appends: requests are handed to `commit` together, so that one
 * transaction and one disk flush serve all of them.
 *
 * Why: a durable commit waits for the disk (hundreds of microseconds to milliseconds), and a store
 * that serialises its appends (SQLite's write lock, PostgreSQL's append lock) makes concurrent
 * commands — a web server's requests, a job's workers — each wait for every earlier one's flush.
 *
 * Which requests form a group: those submitted during one turn of the event loop (the group is
 * committed at the end of the turn, after every promise continuation of it), and, while an
 * asynchronous commit is running, all those submitted meanwhile (committed as soon as it ends).
 * Each request keeps its own outcome — `commit` settles them one by one, in the order they were
 * submitted — and no promise settles before the commit that made its writes durable has returned.
 * If `commit` throws or rejects, every request of that group is rejected with that error.
 *
 * The cost for a lone caller is one `setImmediate` hop per request.
 */
export class CommitGroup<Request, Outcome> {
  private waiting: Waiting<Request, Outcome>[] = [];
  private scheduled = false;
  private running: Promise<void> | undefined;

  /**
   * `maxGroupSize` bounds one group (and so one transaction and one statement); what is beyond it goes
   * into the next group, committed right after.
   */
  constructor(
    private readonly commit: GroupCommit<Request, Outcome>,
    private readonly maxGroupSize = DEFAULT_MAX_GROUP_SIZE,
  ) {
    if (!Number.isSafeInteger(maxGroupSize) || maxGroupSize < 1)
      throw new RangeError("maxGroupSize must be a positive integer");
  }

  submit(request: Request): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Commits what is waiting now, and resolves once nothing is waiting or running any more. With a
   * synchronous `commit` the work is done before `flush` returns (a store's `close()` relies on it).
   */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.running) return this.running;
    if (this.waiting.length === 0) return Promise.resolve();
    const group = this.waiting.splice(0, this.maxGroupSize);
    let committed: ReturnType<GroupCommit<Request, Outcome>>;
    try {
      committed = this.commit(group.map((waiting) => waiting.request));
    } catch (error) {
      rejectAll(group, error);
      return Promise.resolve();
    }
    if (!isPromise(committed)) {
      settleAll(group, committed);
      // What did not fit in this group goes now, as the next one.
      return this.waiting.length > 0 ? this.flush() : Promise.resolve();
    }
    const run = committed
      .then(
        (settled) => settleAll(group, settled),
        (error: unknown) => rejectAll(group, error),
      )
      .finally(() => {
        this.running = undefined;
      })
      // Whatever arrived during the commit has waited long enough: it goes now, as the next group.
      .then(() => (this.waiting.length > 0 ? this.flush() : undefined));
    this.running = run;
    return run;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    // setImmediate, not a microtask: it runs after every promise continuation of this turn, so
    // concurrent callers that are some awaits behind still make it into the group.
    setImmediate(() => void this.flush());
  }
}

/** Enough to share one fsync among a busy server's requests; small enough for one statement. */
const DEFAULT_MAX_GROUP_SIZE = 1_000;

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown }).then === "function";

const settleAll = <Request, Outcome>(
  group: readonly Waiting<Request, Outcome>[],
  settled: readonly Settled<Outcome>[],
): void => {
  group.forEach((waiting, index) => {
    const outcome = settled[index];
    if (outcome === undefined)
      waiting.reject(new Error("the group commit returned no outcome for a request"));
    else if (outcome.ok) waiting.resolve(outcome.value);
    else waiting.reject(outcome.error);
  });
};

const rejectAll = <Request, Outcome>(group: readonly Waiting<Request, Outcome>[], error: unknown): void => {
  for (const waiting of group) waiting.reject(error);
};
