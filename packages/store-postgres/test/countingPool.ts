import type pg from "pg";

/**
 * Wraps `pool.connect()` so that every query a borrowed client sends is recorded (its text). The
 * store's appends borrow clients this way; `pool.query()` (reads) borrows with a callback and is left alone.
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
        sent.push(String(args[0]));
        return query(...args);
      };
    }
    return client;
  };
  return sent;
};
