/**
 * Helm's own template functions: include, tpl, required, fail, lookup and
 * the offline getHostByName. include and tpl are bound to the template set
 * they run in, like Helm's closures over *template.Template.
 */
import { FuncError, goFunc, type GoFunc, isMap, type Template } from "../template/index.ts";
import { warnWrap } from "./errors.ts";

/** Helm's limit on how often one template may include itself while still executing. */
export const INCLUDE_RECURSION_LIMIT = 1000;

/**
 * Resolves `lookup apiVersion kind namespace name`. Offline (helm template),
 * it returns an empty map; the controller plugs in a live, read-only one.
 */
export type LookupResolver = (apiVersion: string, kind: string, namespace: string, name: string) => Map<string, unknown>;

export const offlineLookup: LookupResolver = () => new Map();

export function includeFunc(t: Template, includedNames: Map<string, number>): GoFunc {
  return goFunc("string, interface {} -> string", (name: string, data: unknown) => {
    const n = includedNames.get(name) ?? 0;
    if (n > INCLUDE_RECURSION_LIMIT) {
      throw new FuncError(`rendering template has a nested reference name: ${name}: unable to execute template`);
    }
    includedNames.set(name, n + 1);
    try {
      return t.executeTemplate(name, data);
    } finally {
      includedNames.set(name, (includedNames.get(name) ?? 1) - 1);
    }
  });
}

export function tplFunc(parent: Template, includedNames: Map<string, number>, strict: boolean): GoFunc {
  return goFunc("string, interface {} -> string", (text: string, vals: unknown) => {
    const t = parent.clone();
    t.option(strict ? "missingkey=error" : "missingkey=zero");
    t.funcs({ include: includeFunc(t, includedNames), tpl: tplFunc(t, includedNames, strict) });
    let nt: Template;
    try {
      nt = t.new(parent.name).parse(text);
    } catch (e) {
      throw new FuncError(`cannot parse template ${JSON.stringify(text)}: ${(e as Error).message}`, { cause: e });
    }
    let out: string;
    try {
      out = nt.execute(vals);
    } catch (e) {
      throw new FuncError(`error during tpl function execution for ${JSON.stringify(text)}: ${(e as Error).message}`, { cause: e });
    }
    return out.replaceAll("<no value>", "");
  });
}

export const required: GoFunc = goFunc("string, interface {} -> interface {}", (warn: string, val: unknown) => {
  if (val === null || val === "") throw new FuncError(warnWrap(warn));
  return val;
});

export const fail: GoFunc = goFunc("string -> string", (msg: string) => {
  throw new FuncError(warnWrap(msg));
});

export function lookupFunc(resolve: LookupResolver): GoFunc {
  return goFunc("string, string, string, string -> map[string]interface {}", (apiVersion: string, kind: string, namespace: string, name: string) => {
    const got = resolve(apiVersion, kind, namespace, name);
    return isMap(got) ? got : new Map();
  });
}

export const getHostByName: GoFunc = goFunc("string -> string", () => "");

