export { type SqliteTamperOptions, sqliteTamper } from "../sqliteTamper.js";
export { sqliteHarness } from "./sqliteHarness.js";
