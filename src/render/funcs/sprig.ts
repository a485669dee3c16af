/**
 * Sprig v3.3.0's function map as Helm 4.1.4 sees it (sprig.TxtFuncMap()
 * without env and expandenv), minus the families implemented elsewhere:
 * crypto and encoding, semver, dates, and the YAML/JSON/TOML functions.
 * Helm itself replaces fail and getHostByName, and adds include, tpl,
 * required and lookup (render/helm-funcs.ts).
 */
import type { GoFunc } from "../../template/index.ts";
import { DEFAULT_FUNCS } from "./defaults.ts";
import { DICT_FUNCS } from "./dicts.ts";
import { LIST_FUNCS } from "./lists.ts";
import { MATH_FUNCS } from "./math.ts";
import { MISC_FUNCS } from "./misc.ts";
import { REFLECT_FUNCS } from "./reflect.ts";
import { REGEX_FUNCS } from "./regex.ts";
import { STRING_FUNCS } from "./strings.ts";

export function sprigFuncs(): Record<string, GoFunc> {
  return { ...STRING_FUNCS, ...LIST_FUNCS, ...DICT_FUNCS, ...MATH_FUNCS, ...DEFAULT_FUNCS, ...REFLECT_FUNCS, ...REGEX_FUNCS, ...MISC_FUNCS };
}
