import type { PolicyEventType } from "../projection/policyEvents.js";
import { type AnyProjection, type Projection, projectionId } from "../projection/projection.js";
import { ProjectionSchemaChanged } from "../projection/projectionErrors.js";
import type {
  FindOptions,
  ReadModelReader,
  ReadModelTx,
  Row,
  Schema,
  TableSpec,
  TableSpecs,
  Where,
} from "../projection/readModel.js";
import {
  ActiveVersionDropRefused,
  type ApplyResult,
  handleBatch,
  type ProjectionBatch,
  type ReadModelStore,
} from "./readModelStore.js";
import { keyString, matches, normaliseRow, sortRows } from "./rowKeys.js";

interface Model {
  readonly specs: TableSpecs<Schema>;
  readonly specsJson: string;
  readonly tables: Map<string, Map<string, Row>>;
  position: number;
}

type Undo = () => void;

/**
 * Read models in this process's memory, for tests and examples. A batch is atomic as on SQLite: every
 * write is journalled, and a handler that throws has the journal undone, checkpoint included.
 */
export class InMemoryReadModelStore implements ReadModelStore {
  private readonly models = new Map<string, Model>();
  private readonly active = new Map<string, number>();

  async prepare(projection: AnyProjection): Promise<number> {
    const id = projectionId(projection);
    const specsJson = JSON.stringify(projection.tables);
    const existing = this.models.get(id);
    if (existing) {
      if (existing.specsJson !== specsJson) throw new ProjectionSchemaChanged(id);
      return existing.position;
    }
    const tables = new Map<string, Map<string, Row>>();
    for (const table of Object.keys(projection.tables)) tables.set(table, new Map());
    this.models.set(id, { specs: projection.tables, specsJson, tables, position: 0 });
    if (!this.active.has(projection.name)) this.active.set(projection.name, projection.version);
    return 0;
  }

  async apply(projection: AnyProjection, batch: ProjectionBatch): Promise<ApplyResult> {
    const model = this.model(projection);
    const journal: Undo[] = [];
    try {
      const result = handleBatch(projection, batch, model.position, this.tx(model, journal));
      const previous = model.position;
      journal.push(() => {
        model.position = previous;
      });
      model.position = result.position;
      return result;
    } catch (error) {
      for (const undo of journal.reverse()) undo();
      throw error;
    }
  }

  reader<S extends Schema>(projection: Projection<S, PolicyEventType>): ReadModelReader<S> {
    const model = () => this.model(projection);
    return {
      get: async (table, key) => read(model(), table).get(key) as never,
      find: async (table, where, options) => read(model(), table).find(where, options as never) as never,
      position: async () => model().position,
    };
  }

  async position(projection: AnyProjection): Promise<number> {
    return this.models.get(projectionId(projection))?.position ?? 0;
  }

  async activeVersion(name: string): Promise<number | undefined> {
    return this.active.get(name);
  }

  async activate(projection: AnyProjection): Promise<boolean> {
    const model = this.model(projection);
    const current = this.active.get(projection.name);
    const served =
      current === undefined
        ? undefined
        : this.models.get(projectionId({ name: projection.name, version: current }));
    if (served && served.position > model.position) return false;
    this.active.set(projection.name, projection.version);
    return true;
  }

  async dropVersion(name: string, version: number): Promise<void> {
    const id = projectionId({ name, version });
    if (this.active.get(name) === version) throw new ActiveVersionDropRefused(id);
    this.models.delete(id);
  }

  async close(): Promise<void> {
    this.models.clear();
    this.active.clear();
  }

  private model(projection: AnyProjection): Model {
    const model = this.models.get(projectionId(projection));
    if (!model) throw new Error(`projection ${projectionId(projection)} is not prepared in this store`);
    return model;
  }

  private tx(model: Model, journal: Undo[]): ReadModelTx<Schema> {
    return {
      get: (table, key) => read(model, table).get(key),
      find: (table, where, options) => read(model, table).find(where, options),
      upsert: (table, row) => {
        const { spec, rows } = tableOf(model, table);
        const normal = normaliseRow(spec, row, table);
        const key = keyString(spec, normal, table);
        remember(journal, rows, key);
        rows.set(key, normal);
      },
      update: (table, where, set) => {
        const { spec, rows } = tableOf(model, table);
        checkColumns(spec, where, table);
        let count = 0;
        for (const [key, row] of rows)
          if (matches(row, where)) {
            const next = normaliseRow(spec, { ...row, ...set } as Row, table);
            if (keyString(spec, next, table) !== key)
              throw new TypeError(`${table}: update may not change a key`);
            remember(journal, rows, key);
            rows.set(key, next);
            count += 1;
          }
        return count;
      },
      delete: (table, where) => {
        const { spec, rows } = tableOf(model, table);
        checkColumns(spec, where, table);
        let count = 0;
        for (const [key, row] of [...rows])
          if (matches(row, where)) {
            remember(journal, rows, key);
            rows.delete(key);
            count += 1;
          }
        return count;
      },
    };
  }
}

const tableOf = (model: Model, table: string) => {
  const spec = model.specs[table] as TableSpec<Row> | undefined;
  const rows = model.tables.get(table);
  if (!spec || !rows) throw new TypeError(`no table ${table} in this read model`);
  return { spec, rows };
};

const checkColumns = (spec: TableSpec<Row>, where: Where<Row>, table: string): void => {
  for (const column of Object.keys(where))
    if (!(column in spec.columns)) throw new TypeError(`${table}: undeclared column ${column}`);
};

/** Lookups shared by the handler's transaction and the reader; rows are copied out. */
const read = (model: Model, table: string) => {
  const { spec, rows } = tableOf(model, table);
  return {
    get: (key: Where<Row>): Row | undefined => {
      const row = rows.get(keyString(spec, key, table));
      return row && { ...row };
    },
    find: (where: Where<Row> = {}, options?: FindOptions<Row>): Row[] => {
      checkColumns(spec, where, table);
      return sortRows(
        spec,
        [...rows.values()].filter((row) => matches(row, where)).map((row) => ({ ...row })),
        options,
      );
    },
  };
};

const remember = (journal: Undo[], rows: Map<string, Row>, key: string): void => {
  const before = rows.get(key);
  journal.push(() => {
    if (before === undefined) rows.delete(key);
    else rows.set(key, before);
  });
};
