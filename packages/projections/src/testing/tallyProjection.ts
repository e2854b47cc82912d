import { defineProjection } from "../projection/projection.js";

/**
 * Test support: a projection that is deliberately not idempotent. It counts the events it handles per
 * stream and notes the last position, so any event handled twice shows in the counts.
 */
export type TallyRow = { readonly streamId: string; readonly handled: number; readonly lastPosition: number };

export const tallyProjection = (options: { readonly failOnPosition?: number } = {}) =>
  defineProjection<{ readonly tally: TallyRow }, "RightsRequestReceived" | "RightsRequestClosed">({
    name: "tally",
    version: 1,
    tables: {
      tally: {
        columns: { streamId: "text", handled: "integer", lastPosition: "integer" },
        key: ["streamId"],
      },
    },
    handles: ["RightsRequestReceived", "RightsRequestClosed"],
    handle(event, tx) {
      if (event.globalPosition === options.failOnPosition)
        throw new Error(`cannot handle ${JSON.stringify(event.data)}`); // a message that holds personal data
      const row = tx.get("tally", { streamId: event.streamId });
      tx.upsert("tally", {
        streamId: event.streamId,
        handled: (row?.handled ?? 0) + 1,
        lastPosition: event.globalPosition,
      });
    },
  });
