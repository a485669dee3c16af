/**
 * Helm's rendering engine (pkg/engine): one template set for all templates
 * of a chart tree, parsed deepest path first, every non-partial template
 * executed with its chart's values, `<no value>` removed from the output.
 */
import { Template, TemplateParseError, type FuncMap } from "../template/index.ts";
import { cleanupParseError, reformatExecError } from "./errors.ts";
import { fail, getHostByName, includeFunc, type LookupResolver, lookupFunc, offlineLookup, required, tplFunc } from "./helm-funcs.ts";

/** One template to render: its text, the data of its chart, and its chart's templates/ path. */
export interface Renderable {
  text: string;
  /** Top-level data for the chart this template belongs to (Values, Release, Chart, …). */
  vals: Map<string, unknown>;
  basePath: string;
}

export interface EngineOptions {
  /** Sprig and Helm's data functions (everything but include/tpl/required/fail/lookup). */
  funcs: FuncMap;
  /** missingkey=error instead of zero (helm's --strict lint mode). */
  strict?: boolean;
  lookup?: LookupResolver;
}

/** Helm's parse order: more path segments first; within one depth, names in descending order. */
export function sortTemplates(names: Iterable<string>): string[] {
  const depth = (s: string): number => s.split("/").length - 1;
  return [...names].sort((a, b) => {
    const da = depth(a);
    const db = depth(b);
    if (da !== db) return db - da;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

const basename = (p: string): string => p.slice(p.lastIndexOf("/") + 1);

/** Renders every template; returns rendered text by template name (partials excluded). Throws RenderError. */
export function render(templates: Map<string, Renderable>, opts: EngineOptions): Map<string, string> {
  const t = new Template("gotpl").option(opts.strict ? "missingkey=error" : "missingkey=zero");
  const includedNames = new Map<string, number>();
  // Two calls, the later overriding the earlier: a frozen map's checked functions are reused.
  t.funcs(opts.funcs);
  t.funcs({
    include: includeFunc(t, includedNames),
    tpl: tplFunc(t, includedNames, opts.strict ?? false),
    required,
    fail,
    lookup: lookupFunc(opts.lookup ?? offlineLookup),
    getHostByName,
  });

  const keys = sortTemplates(templates.keys());
  for (const name of keys) {
    try {
      t.new(name).parse(templates.get(name)?.text ?? "");
    } catch (e) {
      if (e instanceof TemplateParseError) throw cleanupParseError(name, e);
      throw e;
    }
  }

  const rendered = new Map<string, string>();
  for (const name of keys) {
    if (basename(name).startsWith("_")) continue;
    const r = templates.get(name);
    if (!r) continue;
    const data = new Map(r.vals);
    data.set("Template", new Map<string, unknown>([["Name", name], ["BasePath", r.basePath]]));
    let out: string;
    try {
      out = t.executeTemplate(name, data);
    } catch (e) {
      throw reformatExecError(name, e);
    }
    rendered.set(name, out.replaceAll("<no value>", ""));
  }
  return rendered;
}
