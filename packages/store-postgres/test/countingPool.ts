import type pg from "pg";

/** The SQL text of a query as the store passes it: a string, or a config object (a named statement). */
const textOf = (query: unknown): string =>
  typeof query === "object" && query !== null && "text" in query ? String(query.text) : String(query);

/**
 * Records the text of every query the store sends through `pool`, one entry per round trip: those of
 * the clients it borrows (`pool.connect()`: transactions) and its single statements (`pool.query()`,
 * whose own borrowing is left alone so that nothing is counted twice).
 */
export const recordQueries = (pool: pg.Pool): string[] => {
  const sent: string[] = [];
  const wrapped = new WeakSet<object>();
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient>;
  (pool as { connect: unknown }).connect = async (callback?: unknown) => {
    if (callback !== undefined) return connect(callback);
    const client = await connect();
    if (!wrapped.has(client)) {
      wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        // pool.query() calls a client's query with a callback: recorded by the pool's wrapper below.
        if (typeof args.at(-1) !== "function") sent.push(textOf(args[0]));
        return query(...args);
      };
    }
    return client;
  };
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    sent.push(textOf(args[0]));
    return query(...args);
  };
  return sent;
};
