/**
 * The executor: walks a parse tree against data, following Go's
 * text/template exec.go step by step (same evaluation order, same errors).
 * Values follow the model in value.ts; `undefined` is Go's invalid
 * reflect.Value and `MISSING` marks an absent pipeline argument.
 */
import { ExecError, LimitError } from "./errors.ts";
import { sprint, sprintPrintable } from "./fmt.ts";
import { ANY, canBeNil, GoFunc, isIntType, assignable, REFLECT_VALUE, type GoType } from "./func.ts";
import { errorContext, nodeString, type BranchNode, type ChainNode, type CommandNode, type FieldNode, type IdentifierNode, type ListNode, type Node, type NumberNode, type PipeNode, type TemplateNode, type Tree, type VariableNode } from "./node.ts";
import { quote } from "./strconv.ts";
import { GO_METHODS, GoInt, goTypeName, isMap, isStruct, isTrue, mapGet, mapSize, sliceElemType, sortedKeys, type IntKind } from "./value.ts";

export type MissingKey = "invalid" | "zero" | "error";

export interface Limits {
  /** Maximum nesting of {{template}} calls (Go allows 100000; JS stacks are smaller). */
  maxDepth: number;
  /** Maximum output length in UTF-16 code units. */
  maxOutput: number;
  /** Maximum number of evaluation steps (nodes walked and commands evaluated). */
  maxSteps: number;
  /** Maximum wall time in milliseconds. */
  maxMillis: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 1000,
  maxOutput: 64 * 1024 * 1024,
  maxSteps: 100_000_000,
  maxMillis: 60_000,
};

/** What the executor needs from a template: its tree, its set, and its functions. */
export interface ExecTemplate {
  readonly name: string;
  readonly tree: Tree | null;
  lookup(name: string): ExecTemplate | undefined;
  /** A user function, or a builtin (isBuiltin true), or undefined. */
  findFunction(name: string): { fn: GoFunc; isBuiltin: boolean } | undefined;
  readonly missingKey: MissingKey;
}

/** Marks the absence of a final (piped) argument, like Go's missingVal. */
export const MISSING: unique symbol = Symbol("missing");
type Final = unknown;

/** {{break}} and {{continue}} unwind to their range as exceptions; allocated once, so throwing is cheap. */
class ControlFlow extends Error {}
const BREAK = new ControlFlow("break");
const CONTINUE = new ControlFlow("continue");

interface Variable {
  name: string;
  value: unknown;
  /**
   * The value's static Go type is interface{} (an element of a
   * []interface{} or map[string]interface{}), which Go's error messages
   * name instead of the dynamic type.
   */
  iface: boolean;
}

/** Shared across nested template calls of one execution. */
interface Budget {
  steps: number;
  output: number;
  readonly deadline: number;
  readonly limits: Limits;
}

/** Builtins receive the executor to evaluate `and`/`or` lazily and `call` with its callee name. */
export interface BuiltinContext {
  calleeName: string;
}

export class State {
  tmpl: ExecTemplate;
  private node: Node | null = null;
  /** Whether dot's static type is interface{} (inside range over []interface{} or a map). */
  private dotIface = false;
  /** Set by evalField: whether its result's static type is interface{} (a map element). */
  private resultIface = false;
  private vars: Variable[];
  private depth = 0;
  private readonly out: string[] = [];
  private readonly budget: Budget;

  constructor(tmpl: ExecTemplate, data: unknown, limits: Limits) {
    this.tmpl = tmpl;
    this.vars = [{ name: "$", value: data, iface: false }];
    this.budget = { steps: 0, output: 0, deadline: Date.now() + limits.maxMillis, limits };
  }

  /** Runs the template and returns its output. */
  run(data: unknown): string {
    const tree = this.tmpl.tree;
    if (!tree) this.errorf(`${quote(this.tmpl.name)} is an incomplete or empty template`);
    try {
      this.walk(data, tree.root);
    } catch (e) {
      // A stack overflow surfaces as a RangeError; it is converted here, by the
      // innermost execution with stack to spare (no regex or formatting on the
      // way, since those need stack too).
      if (e instanceof RangeError) {
        throw new LimitError(this.tmpl.name, this.message(`exceeded maximum template depth: the JavaScript stack overflowed`));
      }
      throw e;
    }
    return this.out.join("");
  }

  // ---- errors -------------------------------------------------------------

  private message(msg: string): string {
    if (this.node === null) return `template: ${this.tmpl.name}: ${msg}`;
    const { location, context } = errorContext(this.node);
    return `template: ${location}: executing ${quote(this.tmpl.name)} at <${context}>: ${msg}`;
  }

  errorf(msg: string, cause?: unknown): never {
    throw new ExecError(this.tmpl.name, this.message(msg), cause === undefined ? undefined : { cause });
  }

  private limitf(msg: string): never {
    throw new LimitError(this.tmpl.name, this.message(msg));
  }

  private at(node: Node): void {
    this.node = node;
  }

  private step(): void {
    const b = this.budget;
    b.steps++;
    if (b.steps > b.limits.maxSteps) this.limitf(`execution exceeded the limit of ${b.limits.maxSteps} steps`);
    if ((b.steps & 0xfff) === 0 && Date.now() > b.deadline) this.limitf(`execution exceeded the time limit of ${b.limits.maxMillis}ms`);
  }

  private write(s: string): void {
    const b = this.budget;
    b.output += s.length;
    if (b.output > b.limits.maxOutput) this.limitf(`output exceeded the limit of ${b.limits.maxOutput} characters`);
    this.out.push(s);
  }

  // ---- variables ----------------------------------------------------------

  private mark(): number {
    return this.vars.length;
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private push(name: string, value: unknown): void {
    this.vars.push({ name, value, iface: false });
  }

  private setVar(name: string, value: unknown, iface = false): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) {
        v.value = value;
        v.iface = iface;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: unknown, iface: boolean): void {
    const v = this.vars[this.vars.length - n];
    if (v) {
      v.value = value;
      v.iface = iface;
    }
  }

  private lookupVar(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) return v;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking ------------------------------------------------------------

  private walk(dot: unknown, node: Node, dotIface = false): void {
    this.at(node);
    this.step();
    this.dotIface = dotIface;
    switch (node.type) {
      case "action": {
        // Variables declared by an action persist until the enclosing {{end}};
        // an action that declares variables prints nothing.
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case "break":
        throw BREAK;
      case "continue":
        throw CONTINUE;
      case "comment":
        return;
      case "if":
      case "with":
        this.walkIfOrWith(node, dot, dotIface);
        return;
      case "list":
        for (const n of node.nodes) this.walk(dot, n, dotIface);
        return;
      case "range":
        this.walkRange(dot, node, dotIface);
        return;
      case "template":
        this.walkTemplate(dot, node);
        return;
      case "text":
        this.write(node.text);
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkIfOrWith(node: BranchNode, dot: unknown, dotIface: boolean): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTrue(val)) {
        if (node.type === "with") this.walk(val, node.list, false);
        else this.walk(dot, node.list, dotIface);
      } else if (node.elseList) {
        this.walk(dot, node.elseList, dotIface);
      }
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: unknown, r: BranchNode, dotIface: boolean): void {
    this.at(r);
    const outer = this.mark();
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.mark();
      const decl = r.pipe.decl;
      const oneIteration = (index: unknown, elem: unknown, elemIface: boolean): void => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) {
            // With two variables the index comes first; with one, the element.
            if (decl.length > 1) this.setVar(decl[0]?.ident[0] ?? "", index);
            else this.setVar(decl[0]?.ident[0] ?? "", elem, elemIface);
          } else {
            this.setTopVar(1, elem, elemIface);
          }
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]?.ident[0] ?? "", elem, elemIface);
          else this.setTopVar(2, index, false);
        }
        try {
          this.walk(elem, r.list, elemIface);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.pop(mark);
        }
      };
      let ran = false;
      try {
        ran = this.rangeOver(val, decl.length, oneIteration);
      } catch (e) {
        if (e !== BREAK) throw e;
        return;
      }
      if (!ran && r.elseList) this.walk(dot, r.elseList, dotIface);
    } finally {
      this.pop(outer);
    }
  }

  /** Iterates as Go's walkRange does; returns false when there was nothing to iterate. */
  private rangeOver(val: unknown, numDecl: number, one: (index: unknown, elem: unknown, elemIface: boolean) => void): boolean {
    if (val instanceof GoInt) {
      if (numDecl > 1) this.errorf(`can't use ${sprint([val])} to iterate over more than one variable`);
      if (val.value <= 0n) return false;
      for (let i = 0n; i < val.value; i++) one(undefined, new GoInt(i, val.kind), false);
      return true;
    }
    if (Array.isArray(val)) {
      if (val.length === 0) return false;
      const iface = sliceElemType(val) === ANY;
      for (let i = 0; i < val.length; i++) one(new GoInt(i, "int"), val[i], iface);
      return true;
    }
    if (val instanceof Uint8Array) {
      if (val.length === 0) return false;
      for (let i = 0; i < val.length; i++) one(new GoInt(i, "int"), new GoInt(val[i] ?? 0, "uint8"), false);
      return true;
    }
    if (isMap(val)) {
      if (mapSize(val) === 0) return false;
      for (const k of sortedKeys(val)) one(k, mapGet(val, k).value, true);
      return true;
    }
    // An invalid value is likely a nil map and acts like an empty one.
    if (val === undefined) return false;
    return this.errorf(`range can't iterate over ${sprint([val])}`);
  }

  private walkTemplate(dot: unknown, t: TemplateNode): void {
    this.at(t);
    const tmpl = this.tmpl.lookup(t.name);
    if (!tmpl?.tree) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth >= this.budget.limits.maxDepth) this.limitf(`exceeded maximum template depth (${this.budget.limits.maxDepth})`);
    // Variables declared by the pipeline persist.
    const newDot = this.evalPipeline(dot, t.pipe);
    const saved = { tmpl: this.tmpl, vars: this.vars, depth: this.depth };
    this.tmpl = tmpl;
    // No dynamic scoping: template invocations inherit no variables.
    this.vars = [{ name: "$", value: newDot, iface: false }];
    this.depth++;
    try {
      this.walk(newDot, tmpl.tree.root);
    } finally {
      this.tmpl = saved.tmpl;
      this.vars = saved.vars;
      this.depth = saved.depth;
    }
  }

  // ---- evaluation ---------------------------------------------------------

  evalPipeline(dot: unknown, pipe: PipeNode | null): unknown {
    if (pipe === null) return undefined;
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface{} result (a null map value, a function returning nil)
      // becomes Go's invalid value, as exec.go digs into interface values.
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      const name = v.ident[0] ?? "";
      if (pipe.isAssign) this.setVar(name, value);
      else this.push(name, value);
    }
    return value;
  }

  private notAFunction(args: readonly Node[] | null, final: Final): void {
    if ((args !== null && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${args?.[0] ? nodeString(args[0]) : ""}`);
    }
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    this.step();
    const args = cmd.args;
    const first = args[0];
    if (first === undefined) return this.errorf("empty command");
    switch (first.type) {
      case "field":
        return this.evalFieldNode(dot, first, args, final);
      case "chain":
        return this.evalChainNode(dot, first, args, final);
      case "identifier":
        return this.evalFunction(dot, first, cmd, args, final);
      case "pipe":
        // A parenthesised pipeline: its arguments are inside; final must be absent.
        this.notAFunction(args, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariableNode(dot, first, args, final);
      default:
        break;
    }
    this.at(first);
    this.notAFunction(args, final);
    switch (first.type) {
      case "bool":
        return first.value;
      case "dot":
        return dot;
      case "nil":
        return this.errorf("nil is not a command");
      case "number":
        return this.idealConstant(first);
      case "string":
        return first.text;
      default:
        return this.errorf(`can't evaluate command ${quote(nodeString(first))}`);
    }
  }

  /** A number literal without a known target type: its syntax decides int or float64. */
  private idealConstant(c: NumberNode): unknown {
    this.at(c);
    if (c.isComplex) return this.errorf(`complex constant ${c.text} is not supported`);
    const isHexInt = /^0[xX]/.test(c.text) && !/[pP]/.test(c.text);
    const isRune = c.text.startsWith("'");
    if (c.isFloat && !isHexInt && !isRune && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return new GoInt(c.int64, "int");
    if (c.isUint) return this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: readonly Node[] | null, final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dot, this.dotIface, field, field.ident, args, final);
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: readonly Node[] | null, final: Final): unknown {
    this.at(chain);
    if (chain.field.length === 0) this.errorf("internal error: no fields in evalChainNode");
    if (chain.node.type === "nil") this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    // (pipe).Field1.Field2: evaluate the pipeline, then the fields.
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, false, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: unknown, variable: VariableNode, args: readonly Node[] | null, final: Final): unknown {
    // $x.Field has $x as the first ident, Field as the second.
    this.at(variable);
    const v = this.lookupVar(variable.ident[0] ?? "");
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return v.value;
    }
    return this.evalFieldChain(dot, v.value, v.iface, variable, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: unknown, receiver: unknown, receiverIface: boolean, node: Node, ident: readonly string[], args: readonly Node[] | null, final: Final): unknown {
    const n = ident.length;
    let r = receiver;
    let iface = receiverIface;
    for (let i = 0; i < n - 1; i++) {
      r = this.evalField(dot, ident[i] ?? "", node, null, MISSING, r, iface);
      iface = this.resultIface;
    }
    // The last field may be a method, which gets the arguments.
    return this.evalField(dot, ident[n - 1] ?? "", node, args, final, r, iface);
  }

  private evalFunction(dot: unknown, node: IdentifierNode, cmd: Node, args: readonly Node[] | null, final: Final): unknown {
    this.at(node);
    const name = node.ident;
    const found = this.tmpl.findFunction(name);
    if (!found) return this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, found.fn, found.isBuiltin, cmd, name, args, final, undefined);
  }

  private evalField(dot: unknown, fieldName: string, node: Node, args: readonly Node[] | null, final: Final, receiver: unknown, receiverIface: boolean): unknown {
    this.resultIface = false;
    if (receiver === undefined) {
      if (this.tmpl.missingKey === "error") this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      return undefined;
    }
    if (receiver === null) {
      // Calling a method or reading a field through a nil interface{}.
      return this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    }
    const methods = (receiver as { [GO_METHODS]?: Record<string, GoFunc> })[GO_METHODS];
    if (methods && Object.hasOwn(methods, fieldName)) {
      const method = methods[fieldName];
      if (method) return this.evalCall(dot, method, false, node, fieldName, args, final, receiver);
    }
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    // Go names the static type: interface {} for map and []interface{} elements.
    const typ = receiverIface ? ANY : goTypeName(receiver);
    if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      this.resultIface = true;
      const got = mapGet(receiver, fieldName);
      if (got.found) return got.value;
      switch (this.tmpl.missingKey) {
        case "invalid":
          return undefined;
        case "zero":
          return null; // the zero value of interface{}
        case "error":
          return this.errorf(`map has no entry for key ${quote(fieldName)}`);
      }
    }
    if (isStruct(receiver) && Object.hasOwn(receiver, fieldName)) {
      if (!/^\p{Lu}/u.test(fieldName)) this.errorf(`${fieldName} is an unexported field of struct type ${typ}`);
      if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
      return (receiver as Record<string, unknown>)[fieldName];
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  private evalCall(dot: unknown, fun: GoFunc, isBuiltin: boolean, node: Node, name: string, allArgs: readonly Node[] | null, final: Final, receiver: unknown): unknown {
    // args[0] is the function's own node; it is not passed to the function.
    const args = allArgs === null ? [] : allArgs.slice(1);
    const hasFinal = final !== MISSING;
    const numIn = args.length + (hasFinal ? 1 : 0);
    let numFixed = args.length;
    if (fun.variadic !== null) {
      numFixed = fun.params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${fun.params.length} got ${args.length}`);
    } else if (numIn !== fun.numIn) {
      this.errorf(`wrong number of args for ${name}: want ${fun.numIn} got ${numIn}`);
    }

    // The builtins and/or short-circuit: evaluate arguments one at a time.
    if (isBuiltin && (name === "and" || name === "or")) {
      let v: unknown = undefined;
      for (const arg of args) {
        v = this.evalArg(dot, REFLECT_VALUE, arg);
        if (isTrue(v) === (name === "or")) return v;
      }
      if (hasFinal) v = this.validateType(final, REFLECT_VALUE);
      return v;
    }

    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, fun.params[i] ?? ANY, args[i] as Node));
    if (fun.variadic !== null) {
      for (; i < args.length; i++) argv.push(this.evalArg(dot, fun.variadic, args[i] as Node));
    }
    if (hasFinal) {
      let t: GoType;
      if (fun.variadic !== null) {
        // The piped value fills a fixed parameter if there is one left, else the variadic part.
        t = numIn - 1 < numFixed ? (fun.params[numIn - 1] ?? ANY) : fun.variadic;
      } else {
        t = fun.params[fun.numIn - 1] ?? ANY;
      }
      argv.push(this.validateType(final, t));
    }

    const context: BuiltinContext = { calleeName: "" };
    if (isBuiltin && name === "call") {
      // Go passes the callee's source text for error messages.
      context.calleeName = args[0] ? nodeString(args[0]) : sprint([final]);
    }
    try {
      const f = fun.fn as (this: unknown, ...a: unknown[]) => unknown;
      return isBuiltin ? f.call(context, ...argv) : f.call(receiver, ...argv);
    } catch (e) {
      // Limits and stack overflows unwind to the top unwrapped.
      if (e instanceof LimitError || e instanceof RangeError) throw e;
      this.at(node);
      return this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`, e);
    }
  }

  /** Checks that a value can be passed as a parameter of type `t` (null: no type, as for chain operands). */
  private validateType(value: unknown, t: GoType | null): unknown {
    if (value === undefined) {
      if (t === null) return undefined;
      if (t === REFLECT_VALUE) return undefined;
      if (canBeNil(t)) return null;
      return this.errorf(`invalid value; expected ${t}`);
    }
    if (t === null || t === REFLECT_VALUE || t === ANY) return value;
    if (!assignable(value, t)) {
      const got = value === null ? "interface {}" : goTypeName(value);
      this.errorf(`wrong type for value; expected ${t}; got ${got}`);
    }
    return value;
  }

  private evalArg(dot: unknown, t: GoType | null, n: Node): unknown {
    this.at(n);
    switch (n.type) {
      case "dot":
        return this.validateType(dot, t);
      case "nil":
        if (t !== null && canBeNil(t)) return t === REFLECT_VALUE ? undefined : null;
        return this.errorf(`cannot assign nil to ${t ?? "<nil>"}`);
      case "field":
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), t);
      case "variable":
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), t);
      case "pipe":
        return this.validateType(this.evalPipeline(dot, n), t);
      case "identifier":
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), t);
      case "chain":
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), t);
      default:
        break;
    }
    if (t === null || t === ANY || t === REFLECT_VALUE) return this.evalEmptyInterface(dot, n);
    if (t === "bool") {
      if (n.type === "bool") return n.value;
      return this.errorf(`expected bool; found ${nodeString(n)}`);
    }
    if (t === "float64" || t === "float32") {
      if (n.type === "number" && n.isFloat) return n.float64;
      return this.errorf(`expected float; found ${nodeString(n)}`);
    }
    if (isIntType(t)) {
      const kind: IntKind = t;
      if (kind.startsWith("u")) {
        if (n.type === "number" && n.isUint) return new GoInt(n.uint64, kind);
        return this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
      }
      if (n.type === "number" && n.isInt) return new GoInt(n.int64, kind);
      return this.errorf(`expected integer; found ${nodeString(n)}`);
    }
    if (t === "string") {
      if (n.type === "string") return n.text;
      return this.errorf(`expected string; found ${nodeString(n)}`);
    }
    return this.errorf(`can't handle ${nodeString(n)} for arg of type ${t}`);
  }

  private evalEmptyInterface(dot: unknown, n: Node): unknown {
    this.at(n);
    switch (n.type) {
      case "bool":
        return n.value;
      case "dot":
        return dot;
      case "field":
        return this.evalFieldNode(dot, n, null, MISSING);
      case "identifier":
        return this.evalFunction(dot, n, n, null, MISSING);
      case "number":
        return this.idealConstant(n);
      case "string":
        return n.text;
      case "variable":
        return this.evalVariableNode(dot, n, null, MISSING);
      case "pipe":
        return this.evalPipeline(dot, n);
      default:
        return this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
    }
  }

  private printValue(n: Node, v: unknown): void {
    this.at(n);
    if (v === undefined) {
      this.write("<no value>");
      return;
    }
    if (typeof v === "function" || v instanceof GoFunc) this.errorf(`can't print ${nodeString(n)} of type ${goTypeName(v)}`);
    // Like Go's printableValue: a struct whose String method has a pointer
    // receiver (exposed only as a template method) prints through it here,
    // where Go can take the value's address; a pointer prints as its struct.
    const stringer = isStruct(v) ? (v as { [GO_METHODS]?: Record<string, GoFunc> })[GO_METHODS]?.["String"] : undefined;
    if (stringer && stringer.numIn === 0 && typeof (v as { String?: unknown }).String !== "function") {
      this.write(String((stringer.fn).call(v)));
      return;
    }
    this.write(sprintPrintable([v]));
  }
}

/** Executes `tmpl` with `data` and returns the output; throws ExecError. */
export function execute(tmpl: ExecTemplate, data: unknown, limits: Limits = DEFAULT_LIMITS): string {
  return new State(tmpl, data, limits).run(data);
}

export type { ListNode };
