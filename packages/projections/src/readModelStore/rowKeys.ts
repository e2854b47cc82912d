import type { Cell, FindOptions, Row, TableSpec, Where } from "../projection/readModel.js";

/** A row's key as one string, for maps keyed by primary key. */
export const keyString = (spec: TableSpec<Row>, values: Where<Row>, table: string): string =>
  JSON.stringify(
    spec.key.map((column) => {
      const value = values[column];
      if (value === undefined || value === null)
        throw new TypeError(`${table}: key column ${column} is missing`);
      return value;
    }),
  );

/** Checks a row before it is written: declared columns only, cells of the column's kind. */
export const normaliseRow = (spec: TableSpec<Row>, row: Row, table: string): Row => {
  const out: Record<string, Cell> = {};
  for (const column of Object.keys(row))
    if (!(column in spec.columns)) throw new TypeError(`${table}: undeclared column ${column}`);
  for (const [column, type] of Object.entries(spec.columns)) {
    const value = row[column] ?? null;
    if (value !== null && (type === "text" ? typeof value !== "string" : typeof value !== "number"))
      throw new TypeError(`${table}.${column} holds a ${typeof value}, declared ${type}`);
    if (type === "integer" && value !== null && !Number.isSafeInteger(value))
      throw new TypeError(`${table}.${column} is declared integer`);
    out[column] = value;
  }
  keyString(spec, out, table);
  return out;
};

export const matches = (row: Row, where: Where<Row>): boolean =>
  Object.entries(where).every(([column, value]) => value === undefined || (row[column] ?? null) === value);

const compareCells = (a: Cell, b: Cell): number => {
  if (a === b) return 0;
  if (a === null) return -1; // SQLite orders NULL first
  if (b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1; // numbers before text, as SQLite does
  if (typeof b === "number") return 1;
  return a < b ? -1 : 1; // binary order, as SQLite's default collation
};

/** Sorts rows the way the SQLite store does: by `orderBy`, then by key. */
export const sortRows = (spec: TableSpec<Row>, rows: Row[], options: FindOptions<Row> = {}): Row[] => {
  const columns = [...(options.orderBy ?? []), ...spec.key];
  const sorted = rows.sort((a, b) => {
    for (const column of columns) {
      const order = compareCells(a[column] ?? null, b[column] ?? null);
      if (order !== 0) return order;
    }
    return 0;
  });
  return options.limit === undefined ? sorted : sorted.slice(0, options.limit);
};
