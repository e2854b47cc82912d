import type { DataSubjectState } from "./state.js";

/**
 * P7.c, INV-07, Art. 21(1): an objection to usage monitoring, received as a rights request, stops
 * monitoring in every subscription the person is a user of. The DataSubject cannot write another
 * aggregate's stream, so this pure function names the subscriptions that must now record
 * `ObjectToUsageMonitoring` for the person's pseudonymous id; an app (or a process manager) sends them,
 * and the request is closed once they are recorded.
 */
export const usageObjectionFollowUps = (state: DataSubjectState): readonly string[] =>
  state.objections.has("usageMonitoring") ? [...state.subscriptions].sort() : [];
