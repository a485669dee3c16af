export * from "./helmrelease.ts";
export type * from "./types.ts";
export { MAX_HISTORY, MAX_DRIFT_OBJECTS } from "./types.ts";
export * from "./defaults.ts";
export * from "./validate.ts";
export * from "./conditions.ts";
