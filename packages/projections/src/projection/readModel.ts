/**
 * The shape of a read model: tables of flat rows, declared by the projection that owns them. A store
 * (SQLite, memory) turns the declaration into tables; a projection and its queries only ever see typed
 * rows, so an app never writes SQL against a read model.
 */

/** One column's value. Booleans are stored as 0/1 integers, lists as JSON text. */
export type Cell = string | number | null;

/**
 * A row. Declare row types with `type` (not `interface`): only a type alias is assignable to an index
 * signature.
 */
export type Row = { readonly [column: string]: Cell };

export type ColumnType = "text" | "integer" | "real";

/** A table: its columns and the columns of its primary key (in order). Every non-key column may be null. */
export interface TableSpec<R extends Row> {
  readonly columns: { readonly [C in keyof R & string]: ColumnType };
  readonly key: readonly (keyof R & string)[];
  /** Secondary indexes for the lookups the projection and its queries make (`find` by these columns). */
  readonly indexes?: readonly (readonly (keyof R & string)[])[];
}

/** A read model's tables by name, and the row type of each. */
export type Schema = { readonly [table: string]: Row };

export type TableSpecs<S extends Schema> = { readonly [T in keyof S & string]: TableSpec<S[T]> };

/** Table and column names: plain identifiers, so stores can use them as SQL identifiers safely. */
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/** An equality filter: every given column must equal the given value (`null` matches null). */
export type Where<R extends Row> = { readonly [C in keyof R]?: R[C] };

export interface FindOptions<R extends Row> {
  /** Columns to sort by, ascending; the key breaks ties. */
  readonly orderBy?: readonly (keyof R & string)[];
  readonly limit?: number;
}

/**
 * The writes a projection's handler may make, to its own tables only, inside the store's transaction.
 * Synchronous: a handler is pure computation over the event and the rows it reads back.
 */
export interface ReadModelTx<S extends Schema> {
  get<T extends keyof S & string>(table: T, key: Where<S[T]>): S[T] | undefined;
  find<T extends keyof S & string>(table: T, where?: Where<S[T]>, options?: FindOptions<S[T]>): S[T][];
  /** Inserts the row, or replaces the row with the same key. */
  upsert<T extends keyof S & string>(table: T, row: S[T]): void;
  /** Sets the given columns on every row matching `where`; returns how many rows matched. */
  update<T extends keyof S & string>(table: T, where: Where<S[T]>, set: Partial<S[T]>): number;
  /** Deletes every row matching `where` (a key deletes one row); returns how many were deleted. */
  delete<T extends keyof S & string>(table: T, where: Where<S[T]>): number;
}

/** What queries read: the same lookups, asynchronous so that a PostgreSQL store can serve them. */
export interface ReadModelReader<S extends Schema> {
  get<T extends keyof S & string>(table: T, key: Where<S[T]>): Promise<S[T] | undefined>;
  find<T extends keyof S & string>(
    table: T,
    where?: Where<S[T]>,
    options?: FindOptions<S[T]>,
  ): Promise<S[T][]>;
  /** The last global position this read model has handled (0 before the first). */
  position(): Promise<number>;
}

/** Checks a projection's table declaration: identifiers, a non-empty key made of declared columns. */
export const checkTableSpecs = (owner: string, tables: TableSpecs<Schema>): void => {
  const names = Object.keys(tables);
  if (names.length === 0) throw new Error(`projection ${owner} declares no table`);
  for (const name of names) {
    const spec = tables[name]!;
    if (!IDENTIFIER.test(name))
      throw new Error(`projection ${owner}: table name ${name} is not an identifier`);
    const columns = Object.keys(spec.columns);
    for (const column of columns)
      if (!IDENTIFIER.test(column))
        throw new Error(`projection ${owner}: column ${name}.${column} is not an identifier`);
    if (spec.key.length === 0) throw new Error(`projection ${owner}: table ${name} has no key`);
    for (const column of [...spec.key, ...(spec.indexes ?? []).flat()])
      if (!columns.includes(column))
        throw new Error(`projection ${owner}: table ${name} names undeclared column ${column}`);
  }
};
