/** What one request of a group came to: its value, or the error that refused it alone. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

interface Waiting<Request, Outcome> {
  readonly request: Request;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: the requests submitted during one turn of the event loop are handed to `commit`
 * together, at the end of that turn, so that one transaction and one fsync serve all of them.
 *
 * Why: with `synchronous = FULL` a commit waits for the disk (a few hundred microseconds here), so
 * commands that arrive concurrently — a web server's requests, a batch job's workers — would each pay a
 * whole fsync in turn. Each request still gets its own outcome: `commit` settles them one by one (the
 * store runs each in a savepoint), and nobody's promise settles before the commit that made its
 * writes durable has returned. If `commit` throws, nothing of the group was committed and every
 * request of the group is rejected with that error.
 *
 * The cost for a lone caller is one `setImmediate` hop per request (microseconds against the fsync).
 */
export class CommitGroup<Request, Outcome> {
  private waiting: Waiting<Request, Outcome>[] = [];
  private scheduled = false;

  constructor(private readonly commit: (requests: readonly Request[]) => readonly Settled<Outcome>[]) {}

  submit(request: Request): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate, not a microtask: it runs after every promise continuation of this turn, so
        // concurrent callers that are one `await` behind still make it into the group.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is waiting now (also called before anything that must see the pending requests). */
  flush(): void {
    this.scheduled = false;
    const group = this.waiting;
    if (group.length === 0) return;
    this.waiting = [];
    let settled: readonly Settled<Outcome>[];
    try {
      settled = this.commit(group.map((waiting) => waiting.request));
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    group.forEach((waiting, index) => {
      const outcome = settled[index];
      if (outcome === undefined) waiting.reject(new Error("the commit group lost a request's outcome"));
      else if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }
}
