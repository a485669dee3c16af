/**
 * The function map Helm 4 gives templates, minus the functions bound to a
 * template set (include, tpl, required, fail, lookup: see helm-funcs.ts):
 * Sprig v3.3 without env/expandenv, then Helm's data-format functions,
 * which replace Sprig's of the same name.
 */
import type { FuncMap } from "../../template/index.ts";
import { formatFuncs } from "../format/funcs.ts";
import { sprigExtraFuncs } from "./sprig-extras.ts";
import { sprigFuncs } from "./sprig.ts";

let cached: FuncMap | undefined;

export function helmFuncMap(): FuncMap {
  // Frozen: Template.funcs reuses what it checked of a frozen map.
  cached ??= Object.freeze({ ...sprigFuncs(), ...sprigExtraFuncs(), ...formatFuncs() });
  return cached;
}
