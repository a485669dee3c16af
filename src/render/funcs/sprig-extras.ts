/**
 * Sprig's encoding, semver, crypto and date functions under Sprig v3.3.0's
 * exact names (uuidv4 and the rand* string functions live in sprig.ts).
 */
import type { GoFunc } from "../../template/index.ts";
import { cryptoFuncs } from "./crypto.ts";
import { dateFuncs } from "./date.ts";
import { encodingFuncs } from "./encoding.ts";
import { semverFuncs } from "./semver.ts";

export function sprigExtraFuncs(): Record<string, GoFunc> {
  return { ...encodingFuncs(), ...semverFuncs(), ...dateFuncs(), ...cryptoFuncs() };
}
