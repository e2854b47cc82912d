import type BetterSqlite3 from "better-sqlite3";
import type { FindOptions, Row, TableSpec, Where } from "../projection/readModel.js";
import { keyString, normaliseRow } from "./rowKeys.js";

/** A projection's table in the file. Names were checked as identifiers by `defineProjection`. */
export const physicalTable = (projection: string, version: number, table: string): string =>
  `rm_${projection}_v${version}_${table}`;

const quote = (identifier: string): string => `"${identifier}"`;

const SQL_TYPE = { text: "TEXT", integer: "INTEGER", real: "REAL" } as const;

/** The DDL of one table and its indexes; idempotent. */
export const createTableSql = (name: string, spec: TableSpec<Row>): string => {
  const columns = Object.entries(spec.columns).map(
    ([column, type]) => `${quote(column)} ${SQL_TYPE[type]}${spec.key.includes(column) ? " NOT NULL" : ""}`,
  );
  const key = `PRIMARY KEY (${spec.key.map(quote).join(", ")})`;
  const indexes = (spec.indexes ?? []).map(
    (columns) =>
      `CREATE INDEX IF NOT EXISTS ${quote(`${name}_by_${columns.join("_")}`)} ON ${quote(name)} (${columns
        .map(quote)
        .join(", ")});`,
  );
  return [`CREATE TABLE IF NOT EXISTS ${quote(name)} (${[...columns, key].join(", ")});`, ...indexes].join(
    "\n",
  );
};

/**
 * Statements over one table, prepared once per shape of query. Every column name that reaches SQL is
 * one the projection declared; every value is a bound parameter.
 */
export class SqliteTable {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly columns: readonly string[];

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly name: string,
    private readonly label: string,
    private readonly spec: TableSpec<Row>,
  ) {
    this.columns = Object.keys(spec.columns);
  }

  get(key: Where<Row>): Row | undefined {
    keyString(this.spec, key, this.label);
    const where = this.whereClause(Object.fromEntries(this.spec.key.map((c) => [c, key[c]])));
    return this.statement(`SELECT * FROM ${quote(this.name)}${where.sql}`).get(...where.values) as
      | Row
      | undefined;
  }

  find(where: Where<Row> = {}, options: FindOptions<Row> = {}): Row[] {
    const clause = this.whereClause(where);
    const order = [...(options.orderBy ?? []), ...this.spec.key];
    for (const column of order) this.checkColumn(column);
    const limit = options.limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(options.limit))}`;
    return this.statement(
      `SELECT * FROM ${quote(this.name)}${clause.sql} ORDER BY ${order.map(quote).join(", ")}${limit}`,
    ).all(...clause.values) as Row[];
  }

  upsert(row: Row): void {
    const normal = normaliseRow(this.spec, row, this.label);
    this.statement(
      `INSERT OR REPLACE INTO ${quote(this.name)} (${this.columns.map(quote).join(", ")}) VALUES (${this.columns
        .map(() => "?")
        .join(", ")})`,
    ).run(...this.columns.map((column) => normal[column] ?? null));
  }

  update(where: Where<Row>, set: Partial<Row>): number {
    const changed = Object.keys(set);
    if (changed.length === 0) return this.find(where).length;
    for (const column of changed) {
      this.checkColumn(column);
      if (this.spec.key.includes(column)) throw new TypeError(`${this.label}: update may not change a key`);
    }
    // The whole row is checked as it will be, so a wrong kind of cell is refused before anything is written.
    for (const row of this.find(where)) normaliseRow(this.spec, { ...row, ...set } as Row, this.label);
    const clause = this.whereClause(where);
    return this.statement(
      `UPDATE ${quote(this.name)} SET ${changed.map((c) => `${quote(c)} = ?`).join(", ")}${clause.sql}`,
    ).run(...changed.map((c) => set[c] ?? null), ...clause.values).changes;
  }

  delete(where: Where<Row>): number {
    const clause = this.whereClause(where);
    return this.statement(`DELETE FROM ${quote(this.name)}${clause.sql}`).run(...clause.values).changes;
  }

  private whereClause(where: Where<Row>): { sql: string; values: (string | number | null)[] } {
    const entries = Object.entries(where).filter(([, value]) => value !== undefined);
    for (const [column] of entries) this.checkColumn(column);
    if (entries.length === 0) return { sql: "", values: [] };
    return {
      sql: ` WHERE ${entries.map(([column]) => `${quote(column)} IS ?`).join(" AND ")}`,
      values: entries.map(([, value]) => value ?? null),
    };
  }

  private checkColumn(column: string): void {
    if (!this.columns.includes(column)) throw new TypeError(`${this.label}: undeclared column ${column}`);
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
