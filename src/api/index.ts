export * from "./helmrelease.ts";
export type * from "./types.ts";
export { MAX_HISTORY } from "./types.ts";
export * from "./defaults.ts";
export * from "./validate.ts";
export * from "./conditions.ts";
