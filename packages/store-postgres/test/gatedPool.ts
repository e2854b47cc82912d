import pg from "pg";

export interface CommitGate {
  /** Resolves once an append has reached its COMMIT and is held there, its transaction still open. */
  readonly arrived: Promise<void>;
  /** Lets the held COMMIT go on. */
  readonly release: () => void;
}

/**
 * A pool whose connections can hold the next COMMIT until told to go on: an append by the store's own
 * code that is slow to commit, as one on a loaded server or behind a slow disk is. Nothing in the store
 * knows; the pool is handed to it like any pool of the user's.
 */
export const gatedPool = (connectionString: string) => {
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on("error", () => undefined);
  let gate: { readonly arrive: () => void; readonly released: Promise<void> } | undefined;
  const wrapped = new WeakSet<pg.PoolClient>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  pool.connect = (async () => {
    const client = await connect();
    if (!wrapped.has(client)) {
      wrapped.add(client);
      const query = client.query.bind(client) as (text: unknown, values?: unknown) => Promise<unknown>;
      client.query = (async (text: unknown, values?: unknown) => {
        const held = gate;
        if (held && typeof text === "string" && /\bCOMMIT$/.test(text)) {
          gate = undefined;
          held.arrive();
          await held.released;
        }
        return query(text, values);
      }) as unknown as typeof client.query;
    }
    return client;
  }) as unknown as typeof pool.connect;

  return {
    pool,
    /** Arms the gate: the next COMMIT sent through this pool waits for `release()`. */
    holdNextCommit: (): CommitGate => {
      let arrive = () => {};
      let release = () => {};
      const arrived = new Promise<void>((resolve) => {
        arrive = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      gate = { arrive, released };
      return { arrived, release };
    },
  };
};
