import { createHash } from "node:crypto";
import type pg from "pg";
import type { Cell, FindOptions, Row, Schema, TableSpec, Where } from "../projection/readModel.js";
import { type FetchingTx, RowsNeeded } from "./readModelStore.js";
import { keyString, matches, normaliseRow, sortRows } from "./rowKeys.js";

/** PostgreSQL truncates identifiers past 63 bytes; a longer name keeps its start and gets a digest. */
export const pgIdentifier = (name: string): string =>
  name.length <= 63
    ? name
    : `${name.slice(0, 54)}_${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;

/** A projection's table in the schema, as SQLite names it (`rm_<name>_v<version>_<table>`), at most 63 bytes. */
export const postgresTable = (projection: string, version: number, table: string): string =>
  pgIdentifier(`rm_${projection}_v${version}_${table}`);

const quote = (identifier: string): string => `"${identifier}"`;

// Text in byte order ("C"), as SQLite and the in-memory store compare it; integers as BIGINT (read back
// as numbers: every value written was a safe integer).
const SQL_TYPE = { text: 'TEXT COLLATE "C"', integer: "BIGINT", real: "DOUBLE PRECISION" } as const;

/** The DDL of one table and its indexes; idempotent. */
export const createPostgresTableSql = (schema: string, name: string, spec: TableSpec<Row>): string => {
  const columns = Object.entries(spec.columns).map(
    ([column, type]) => `${quote(column)} ${SQL_TYPE[type]}${spec.key.includes(column) ? " NOT NULL" : ""}`,
  );
  const key = `PRIMARY KEY (${spec.key.map(quote).join(", ")})`;
  const indexes = (spec.indexes ?? []).map(
    (columns) =>
      `CREATE INDEX IF NOT EXISTS ${quote(pgIdentifier(`${name}_by_${columns.join("_")}`))} ON ${schema}.${quote(
        name,
      )} (${columns.map(quote).join(", ")});`,
  );
  return [
    `CREATE TABLE IF NOT EXISTS ${schema}.${quote(name)} (${[...columns, key].join(", ")});`,
    ...indexes,
  ].join("\n");
};

type Queryable = Pick<pg.ClientBase, "query">;

/**
 * Queries over one table. Every column name that reaches SQL is one the projection declared; every value
 * is a bound parameter.
 */
export class PostgresTable {
  readonly columns: readonly string[];
  private readonly name: string;

  constructor(
    schema: string,
    name: string,
    readonly label: string,
    readonly spec: TableSpec<Row>,
  ) {
    this.name = `${schema}.${quote(name)}`;
    this.columns = Object.keys(spec.columns);
  }

  async get(db: Queryable, key: Where<Row>): Promise<Row | undefined> {
    keyString(this.spec, key, this.label);
    return (await this.find(db, Object.fromEntries(this.spec.key.map((c) => [c, key[c]]))))[0];
  }

  async find(db: Queryable, where: Where<Row> = {}, options: FindOptions<Row> = {}): Promise<Row[]> {
    const clause = this.whereClause(where);
    const order = [...(options.orderBy ?? []), ...this.spec.key];
    for (const column of order) this.checkColumn(column);
    const limit = options.limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(options.limit))}`;
    const { rows } = await db.query(
      `SELECT * FROM ${this.name}${clause.sql} ORDER BY ${order
        .map((c) => `${quote(c)} NULLS FIRST`)
        .join(", ")}${limit}`,
      clause.values,
    );
    return rows.map((row) => this.decode(row));
  }

  /** Writes a batch's final rows: upserted in multi-row statements, deleted by key. */
  async write(db: Queryable, changes: ReadonlyMap<string, Row | null>): Promise<void> {
    const upserts: Row[] = [];
    const deletes: Row[] = [];
    for (const [key, row] of changes)
      if (row) upserts.push(row);
      else
        deletes.push(Object.fromEntries(this.spec.key.map((c, i) => [c, (JSON.parse(key) as Cell[])[i]!])));
    const others = this.columns.filter((c) => !this.spec.key.includes(c));
    const onConflict = `ON CONFLICT (${this.spec.key.map(quote).join(", ")}) ${
      others.length === 0
        ? "DO NOTHING"
        : `DO UPDATE SET ${others.map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`).join(", ")}`
    }`;
    for (const chunk of chunks(upserts, Math.floor(30_000 / this.columns.length))) {
      const values: Cell[] = [];
      const tuples = chunk.map(
        (row) =>
          `(${this.columns
            .map((column) => {
              values.push(row[column] ?? null);
              return `$${values.length}`;
            })
            .join(", ")})`,
      );
      await db.query(
        `INSERT INTO ${this.name} (${this.columns.map(quote).join(", ")}) VALUES ${tuples.join(", ")} ${onConflict}`,
        values,
      );
    }
    for (const chunk of chunks(deletes, Math.floor(30_000 / this.spec.key.length))) {
      const values: Cell[] = [];
      const tuples = chunk.map(
        (row) =>
          `(${this.spec.key
            .map((column) => {
              values.push(row[column] ?? null);
              return `$${values.length}`;
            })
            .join(", ")})`,
      );
      await db.query(
        `DELETE FROM ${this.name} WHERE (${this.spec.key.map(quote).join(", ")}) IN (${tuples.join(", ")})`,
        values,
      );
    }
  }

  checkColumn(column: string): void {
    if (!this.columns.includes(column)) throw new TypeError(`${this.label}: undeclared column ${column}`);
  }

  private whereClause(where: Where<Row>): { sql: string; values: Cell[] } {
    const entries = Object.entries(where).filter(([, value]) => value !== undefined);
    for (const [column] of entries) this.checkColumn(column);
    if (entries.length === 0) return { sql: "", values: [] };
    const values: Cell[] = [];
    const terms = entries.map(([column, value]) => {
      if (value === null || value === undefined) return `${quote(column)} IS NULL`;
      values.push(value);
      return `${quote(column)} = $${values.length}`;
    });
    return { sql: ` WHERE ${terms.join(" AND ")}`, values };
  }

  private decode(row: Record<string, unknown>): Row {
    const out: Record<string, Cell> = {};
    for (const [column, type] of Object.entries(this.spec.columns)) {
      const value = row[column];
      out[column] =
        value === null || value === undefined ? null : type === "text" ? String(value) : Number(value);
    }
    return out;
  }
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
};

interface TableState {
  readonly table: PostgresTable;
  /** Rows fetched from the database in this transaction, by key. */
  readonly fetched: Map<string, Row>;
  /** The filters whose every matching row is in `fetched` (JSON of the filter's entries). */
  readonly loaded: Set<string>;
  /** The batch's writes so far, by key: the row as it will be, or null for deleted. */
  readonly changes: Map<string, Row | null>;
}

type Undo = () => void;

/**
 * A batch's view of a projection's tables inside a PostgreSQL transaction. Handlers are synchronous, so a
 * read of rows not fetched yet throws `RowsNeeded`; `handleBatchFetching` then undoes the event's writes,
 * fetches them (`fetch`) and hands the event to the handler again. Writes are kept here and written with
 * the checkpoint at the end (`write`). Rows the transaction already wrote answer from here, fetched rows
 * from what the database held when the batch began (the checkpoint row is locked: no other writer).
 */
export class PostgresBatchTx implements FetchingTx<Schema> {
  private readonly states = new Map<string, TableState>();
  private readonly journal: Undo[] = [];

  constructor(
    tables: ReadonlyMap<string, PostgresTable>,
    private readonly db: Queryable,
  ) {
    for (const [name, table] of tables)
      this.states.set(name, { table, fetched: new Map(), loaded: new Set(), changes: new Map() });
  }

  get(table: string, key: Where<Row>): Row | undefined {
    const { table: t } = this.state(table);
    keyString(t.spec, key, t.label);
    return this.find(table, Object.fromEntries(t.spec.key.map((c) => [c, key[c]])))[0];
  }

  find(table: string, where: Where<Row> = {}, options?: FindOptions<Row>): Row[] {
    const state = this.state(table);
    const filter = filterOf(state.table, where);
    const byKey = isKeyFilter(state.table.spec, filter)
      ? keyString(state.table.spec, filter, table)
      : undefined;
    if (byKey !== undefined && state.changes.has(byKey)) {
      const row = state.changes.get(byKey);
      return row ? [{ ...row }] : [];
    }
    if (!state.loaded.has("{}") && !state.loaded.has(JSON.stringify(filter)))
      throw new RowsNeeded(table, filter);
    const keys = new Set([...state.fetched.keys(), ...state.changes.keys()]);
    const rows: Row[] = [];
    for (const key of keys) {
      const row = state.changes.has(key) ? state.changes.get(key) : state.fetched.get(key);
      if (row && matches(row, filter)) rows.push({ ...row });
    }
    return sortRows(state.table.spec, rows, options);
  }

  upsert(table: string, row: Row): void {
    const state = this.state(table);
    const normal = normaliseRow(state.table.spec, row, state.table.label);
    this.set(state, keyString(state.table.spec, normal, table), normal);
  }

  update(table: string, where: Where<Row>, set: Partial<Row>): number {
    const state = this.state(table);
    const rows = this.find(table, where);
    for (const row of rows) {
      const next = normaliseRow(state.table.spec, { ...row, ...set } as Row, state.table.label);
      const key = keyString(state.table.spec, row, table);
      if (keyString(state.table.spec, next, table) !== key)
        throw new TypeError(`${state.table.label}: update may not change a key`);
      this.set(state, key, next);
    }
    return rows.length;
  }

  delete(table: string, where: Where<Row>): number {
    const state = this.state(table);
    const rows = this.find(table, where);
    for (const row of rows) this.set(state, keyString(state.table.spec, row, table), null);
    return rows.length;
  }

  mark(): number {
    return this.journal.length;
  }

  undoTo(mark: number): void {
    while (this.journal.length > mark) this.journal.pop()?.();
  }

  async fetch(needed: RowsNeeded): Promise<void> {
    const state = this.state(needed.table);
    for (const row of await state.table.find(this.db, needed.where)) {
      const key = keyString(state.table.spec, row, needed.table);
      if (!state.fetched.has(key)) state.fetched.set(key, row);
    }
    state.loaded.add(JSON.stringify(needed.where));
  }

  /** Writes every change of the batch (inside the same transaction as the checkpoint). */
  async write(): Promise<void> {
    for (const state of this.states.values())
      if (state.changes.size > 0) await state.table.write(this.db, state.changes);
  }

  private set(state: TableState, key: string, row: Row | null): void {
    const had = state.changes.has(key);
    const before = state.changes.get(key);
    this.journal.push(() => {
      if (had) state.changes.set(key, before ?? null);
      else state.changes.delete(key);
    });
    state.changes.set(key, row);
  }

  private state(table: string): TableState {
    const state = this.states.get(table);
    if (!state) throw new TypeError(`no table ${table} in this read model`);
    return state;
  }
}

/** The filter's defined entries, checked against the declaration, in a stable order. */
const filterOf = (table: PostgresTable, where: Where<Row>): Where<Row> => {
  const entries = Object.entries(where)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [column] of entries) table.checkColumn(column);
  return Object.fromEntries(entries);
};

const isKeyFilter = (spec: TableSpec<Row>, filter: Where<Row>): boolean =>
  Object.keys(filter).length === spec.key.length &&
  spec.key.every((column) => filter[column] !== undefined && filter[column] !== null);
