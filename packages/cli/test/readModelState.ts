import type { EventStore } from "@privacy-ledger/eventsourcing";
import {
  type AnyProjection,
  openSqliteReadModelStore,
  type ProjectedEvent,
  projectionId,
  projectStoredEvent,
  type ReadModelStore,
  type Row,
} from "@privacy-ledger/projections";
import { isLeft } from "fp-ts/lib/Either.js";
import { sealedAsErased } from "../src/personalFields.js";
import { READ_MODELS } from "../src/readModels.js";

/*
 * What a read-model file holds, and what it should hold: the rows of every table of every read model the
 * CLI builds, and the same read models projected from scratch by the projections themselves.
 */

/** Every row of every table of one read model, each table in the order of its key. */
export const rowsOf = async (
  store: ReadModelStore,
  projection: AnyProjection,
): Promise<Record<string, readonly Row[]>> => {
  const reader = store.reader(projection);
  const rows: Record<string, readonly Row[]> = {};
  for (const [table, spec] of Object.entries(
    projection.tables as Record<string, { readonly key: readonly string[] }>,
  ))
    rows[table] = await reader.find(table, {}, { orderBy: spec.key });
  return rows;
};

/** Opens a read-model file the CLI wrote, every read model prepared; the caller closes it. */
export const openReadModels = async (path: string): Promise<ReadModelStore> => {
  const store = openSqliteReadModelStore({ path });
  for (const projection of READ_MODELS) await store.prepare(projection);
  return store;
};

/** Each read model's checkpoint in a read-model file, by projection id. */
export const checkpointsOf = async (path: string): Promise<Map<string, number>> => {
  const store = await openReadModels(path);
  try {
    return new Map(
      await Promise.all(READ_MODELS.map(async (p) => [projectionId(p), await store.position(p)] as const)),
    );
  } finally {
    await store.close();
  }
};

/**
 * Projects the events of `source` up to `position` (global order) into a new read-model file at `path`,
 * in one batch per read model, with personal fields read as erased as `replay` does without keys.
 */
export const projectUpTo = async (source: EventStore, position: number, path: string): Promise<void> => {
  const handled = new Set<string>(READ_MODELS.flatMap((p) => p.handles));
  const events: ProjectedEvent[] = [];
  for await (const stored of source.readAll()) {
    if (stored.globalPosition > position) break;
    if (!handled.has(stored.type)) continue;
    const projected = projectStoredEvent(sealedAsErased(stored));
    if (isLeft(projected)) throw new Error(projected.left.message);
    events.push(projected.right);
  }
  const store = await openReadModels(path);
  try {
    for (const projection of READ_MODELS) {
      const handles = new Set<string>(projection.handles);
      await store.apply(projection, {
        events: events.filter((event) => handles.has(event.type)),
        through: position,
      });
    }
  } finally {
    await store.close();
  }
};
