import type { PolicyEvent, PolicyEventType, ProjectedEvent } from "./policyEvents.js";
import { isPolicyEventType } from "./policyEvents.js";
import { checkTableSpecs, type ReadModelTx, type Schema, type TableSpecs } from "./readModel.js";

/** Projection names become part of table names: lowercase letters, digits and underscores. */
const PROJECTION_NAME = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * A projection is pure: a name, a version, the tables it owns, the event types it handles, and a handler
 * that turns one event into changes of those tables through `tx`. It does no I/O, reads no clock and
 * keeps no state of its own, so the same events always give the same read model, on every store; that
 * is what makes a replay, a rebuild and a test trustworthy.
 *
 * The version names the read model's shape and meaning: change the tables or what the handler does, and
 * bump it. Each (name, version) has its own tables and its own checkpoint, so a new version is built from
 * the start beside the old one.
 */
export interface Projection<S extends Schema, T extends PolicyEventType = PolicyEventType> {
  readonly name: string;
  readonly version: number;
  readonly tables: TableSpecs<S>;
  readonly handles: readonly T[];
  /** Declared as a method: a projection of some event types is usable wherever any projection is. */
  handle(event: ProjectedEvent<Extract<PolicyEvent, { readonly type: T }>>, tx: ReadModelTx<S>): void;
}

/** A projection of any read model, as the runner and the stores take it. */
// biome-ignore lint/suspicious/noExplicitAny: the runner and the stores accept a projection of any schema
export type AnyProjection = Projection<any, PolicyEventType>;

/** Checks the declaration once, where it is written, so a bad name fails at import and not at run time. */
export const defineProjection = <S extends Schema, const T extends PolicyEventType>(
  projection: Projection<S, T>,
): Projection<S, T> => {
  const { name, version } = projection;
  if (!PROJECTION_NAME.test(name))
    throw new Error(`projection name ${name} must be lowercase letters, digits and underscores`);
  if (!Number.isSafeInteger(version) || version < 1)
    throw new Error(`projection ${name}: version must be a positive integer`);
  checkTableSpecs(name, projection.tables as TableSpecs<Schema>);
  for (const type of projection.handles)
    if (!isPolicyEventType(type)) throw new Error(`projection ${name} handles unknown event type ${type}`);
  return projection;
};

/** The id of a projection's checkpoint and tables: `deadline_board@1`. */
export const projectionId = (projection: { readonly name: string; readonly version: number }): string =>
  `${projection.name}@${projection.version}`;
