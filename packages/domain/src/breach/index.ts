export type * from "./commands.js";
export { type BreachDecider, type BreachOptions, breachIncidentDecider } from "./decide.js";
export { outstanding } from "./decideClosing.js";
export * from "./events.js";
export * from "./records.js";
export { type BreachState, type DecisionState, evolveBreach, initialBreachState } from "./state.js";
