/**
 * node:crypto, loaded on first use: importing it would cost every start of
 * `bosun template` a few milliseconds, and most charts call no function
 * that needs it.
 */
import type * as NodeCrypto from "node:crypto";

export function nodeCrypto(): typeof NodeCrypto {
  return process.getBuiltinModule("node:crypto");
}
