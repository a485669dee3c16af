/**
 * A set of associated templates, like Go's *template.Template: each
 * template has a name; all templates of a set share functions, options and
 * the namespace {{template}} and `lookup` resolve in. Parse once, execute
 * many times: execution never mutates the set.
 */
import { BUILTINS } from "./builtins.ts";
import { ExecError } from "./errors.ts";
import { DEFAULT_LIMITS, execute, type ExecTemplate, type Limits, type MissingKey } from "./exec.ts";
import { asGoFunc, type GoFunc } from "./func.ts";
import type { Tree } from "./node.ts";
import { isEmptyTree, parse } from "./parse.ts";
import { quote } from "./strconv.ts";
import { TextCache } from "./text-cache.ts";

export type FuncMapEntry = GoFunc | ((...args: never[]) => unknown);
export type FuncMap = Record<string, FuncMapEntry>;

/** State shared by every template of a set. */
interface Common {
  templates: Map<string, Template>;
  funcs: Map<string, GoFunc>;
  missingKey: MissingKey;
  limits: Limits;
}

const IDENT = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

/** Whether a function name is an identifier (IDENT, without compiling its Unicode classes for ASCII names). */
function isIdentifier(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5f || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (i > 0 && c >= 0x30 && c <= 0x39)) continue;
    return c > 0x7f && IDENT.test(name);
  }
  return name !== "";
}

/**
 * Parsed trees by template name, delimiters and text, with the answers the
 * parse got to "is this a function?": a parse is a pure function of those,
 * and execution never mutates trees, so sets can share them. Rendering a
 * chart again parses the same texts again.
 */
const parsedTrees = new TextCache<Map<string, { trees: Map<string, Tree>; lookups: Map<string, boolean> }>>(4096, 16 * 1024 * 1024);

/** The validated functions of frozen function maps (helm's is one), by map. */
const frozenFuncs = new WeakMap<FuncMap, [string, GoFunc][]>();

export class Template implements ExecTemplate {
  readonly name: string;
  tree: Tree | null = null;
  private common: Common;
  private leftDelim = "";
  private rightDelim = "";

  constructor(name: string, common?: Common) {
    this.name = name;
    this.common = common ?? { templates: new Map(), funcs: new Map(), missingKey: "invalid", limits: DEFAULT_LIMITS };
  }

  /** A new, empty template in the same set, with the same delimiters. */
  new(name: string): Template {
    const t = new Template(name, this.common);
    t.leftDelim = this.leftDelim;
    t.rightDelim = this.rightDelim;
    return t;
  }

  /** Adds functions to the set (they take precedence over builtins of the same name). */
  funcs(map: FuncMap): this {
    let entries = frozenFuncs.get(map);
    if (entries === undefined) {
      entries = Object.entries(map).map(([name, f]) => {
        if (!isIdentifier(name)) throw new Error(`function name ${quote(name)} is not a valid identifier`);
        return [name, asGoFunc(f)];
      });
      if (Object.isFrozen(map)) frozenFuncs.set(map, entries);
    }
    for (const [name, f] of entries) this.common.funcs.set(name, f);
    return this;
  }

  /** Go's Option: "missingkey=default|invalid|zero|error". */
  option(...opts: string[]): this {
    for (const opt of opts) {
      const [key, value] = opt.split("=", 2);
      if (key === "missingkey") {
        if (value === "default" || value === "invalid") {
          this.common.missingKey = "invalid";
          continue;
        }
        if (value === "zero" || value === "error") {
          this.common.missingKey = value;
          continue;
        }
      }
      throw new Error(`unrecognized option: ${opt}`);
    }
    return this;
  }

  /** Resource limits for executions of every template in the set. */
  limits(limits: Partial<Limits>): this {
    this.common.limits = { ...this.common.limits, ...limits };
    return this;
  }

  delims(left: string, right: string): this {
    this.leftDelim = left;
    this.rightDelim = right;
    return this;
  }

  get missingKey(): MissingKey {
    return this.common.missingKey;
  }

  /**
   * Parses `text` as the body of this template; {{define}} and {{block}}
   * add named templates to the set. Throws TemplateParseError.
   */
  parse(text: string): this {
    const hasFunction = (name: string): boolean => this.common.funcs.has(name) || BUILTINS.has(name);
    // By text first (the same string each time a chart renders again: its hash is kept), then name and delimiters.
    let byName = parsedTrees.get(text);
    if (byName === undefined) {
      byName = new Map();
      parsedTrees.set(text, byName);
    }
    const key = `${this.name}\u0000${this.leftDelim}\u0000${this.rightDelim}`;
    let parsed = byName.get(key);
    if (parsed === undefined || ![...parsed.lookups].every(([name, found]) => hasFunction(name) === found)) {
      const lookups = new Map<string, boolean>();
      const trees = parse(this.name, text, {
        leftDelim: this.leftDelim,
        rightDelim: this.rightDelim,
        hasFunction: (name) => {
          const found = hasFunction(name);
          lookups.set(name, found);
          return found;
        },
      });
      parsed = { trees, lookups };
      byName.set(key, parsed);
    }
    for (const [name, tree] of parsed.trees) this.addParseTree(name, tree);
    return this;
  }

  /** Associates a parsed tree with `name` in the set (Go's AddParseTree). */
  addParseTree(name: string, tree: Tree): Template {
    const nt = name === this.name ? this : this.new(name);
    if (this.associate(nt, tree) || nt.tree === null) nt.tree = tree;
    return nt;
  }

  /**
   * Installs `nt` in the set unless that would replace a real definition
   * with an empty one (so `{{define "x"}}{{end}}` in a later file does not
   * erase an earlier "x").
   */
  private associate(nt: Template, tree: Tree): boolean {
    const old = this.common.templates.get(nt.name);
    if (old?.tree && isEmptyTree(tree.root)) return false;
    this.common.templates.set(nt.name, nt);
    return true;
  }

  lookup(name: string): Template | undefined {
    return this.common.templates.get(name);
  }

  templates(): Template[] {
    return [...this.common.templates.values()];
  }

  /** "; defined templates are: …" for error messages, or "". */
  definedTemplates(): string {
    const names = this.templates()
      .filter((t) => t.tree !== null)
      .map((t) => quote(t.name));
    return names.length === 0 ? "" : `; defined templates are: ${names.join(", ")}`;
  }

  findFunction(name: string): { fn: GoFunc; isBuiltin: boolean } | undefined {
    const user = this.common.funcs.get(name);
    if (user) return { fn: user, isBuiltin: false };
    const builtin = BUILTINS.get(name);
    return builtin ? { fn: builtin, isBuiltin: true } : undefined;
  }

  /** Executes this template with `data` and returns its output; throws ExecError. */
  execute(data: unknown): string {
    return execute(this, data, this.common.limits);
  }

  /** Executes the named template of the set. */
  executeTemplate(name: string, data: unknown): string {
    const t = this.lookup(name);
    if (!t) throw new ExecError(name, `template: no template ${quote(name)} associated with template ${quote(this.name)}`);
    return t.execute(data);
  }

  /** A copy of the set that can be extended without affecting this one. */
  clone(): Template {
    const common: Common = { ...this.common, templates: new Map(), funcs: new Map(this.common.funcs) };
    let self: Template | undefined;
    for (const [name, t] of this.common.templates) {
      const c = new Template(name, common);
      c.tree = t.tree;
      c.leftDelim = t.leftDelim;
      c.rightDelim = t.rightDelim;
      common.templates.set(name, c);
      if (t === this) self = c;
    }
    if (!self) {
      self = new Template(this.name, common);
      self.tree = this.tree;
    }
    self.leftDelim = this.leftDelim;
    self.rightDelim = this.rightDelim;
    return self;
  }
}
