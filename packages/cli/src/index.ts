export { UsageError } from "./args.js";
export { HELP, runCli } from "./cli.js";
export { EXIT, type Io } from "./io.js";
