import type { PolicyEventType } from "../projection/policyEvents.js";
import { type Projection, projectionId } from "../projection/projection.js";
import type { ReadModelReader, Schema } from "../projection/readModel.js";
import type { ReadModelStore } from "../readModelStore/readModelStore.js";

/**
 * A reader that serves whichever version of a read model the store has active: the live one until a
 * rebuilt version is swapped in (`rebuildProjection`), then the new one, with no restart of the app.
 * `versions` are the versions of one projection this code knows, with the same tables' row types, so the
 * read model's query functions work on either. The active version is looked up on every read.
 */
export const activeReader = <S extends Schema>(
  store: ReadModelStore,
  versions: readonly Projection<S, PolicyEventType>[],
): ReadModelReader<S> => {
  const name = versions[0]?.name;
  if (name === undefined) throw new RangeError("activeReader needs at least one version");
  const byVersion = new Map<number, Projection<S, PolicyEventType>>();
  for (const projection of versions) {
    if (projection.name !== name)
      throw new RangeError(`activeReader: ${projectionId(projection)} is not a version of ${name}`);
    byVersion.set(projection.version, projection);
  }
  const prepared = new Set<number>();
  const served = async (): Promise<{ version: number | undefined; reader: ReadModelReader<S> }> => {
    const version = await store.activeVersion(name);
    const projection = version === undefined ? undefined : byVersion.get(version);
    if (version === undefined || !projection)
      throw new Error(
        `the active version of ${name} is ${version ?? "not set"}; this reader knows versions ${[...byVersion.keys()].join(", ")}`,
      );
    if (!prepared.has(version)) {
      await store.prepare(projection);
      prepared.add(version);
    }
    return { version, reader: store.reader(projection) };
  };
  // A read that raced a swap (its version dropped in between) is answered again by the new version.
  const read = async <T>(query: (reader: ReadModelReader<S>) => Promise<T>): Promise<T> => {
    const { version, reader } = await served();
    try {
      return await query(reader);
    } catch (error) {
      if ((await store.activeVersion(name)) === version) throw error;
      return query((await served()).reader);
    }
  };
  return {
    get: (table, key) => read((reader) => reader.get(table, key)),
    find: (table, where, options) => read((reader) => reader.find(table, where, options)),
    position: () => read((reader) => reader.position()),
  };
};
