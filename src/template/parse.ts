/**
 * The parser of Go's text/template (text/template/parse/parse.go), producing
 * the node types of node.ts. Error messages and their line numbers follow Go
 * exactly, including its three-token look-ahead (the line reported is that
 * of the furthest token read).
 */

import { itemString, lex, type Item, type ItemType, type Lexer } from "./lex.ts";
import { isGoSpace, LiteralError, parseNumber, unquote, type NumberKind } from "./literal.ts";
import { quote } from "./strconv.ts";
import type {
  ActionNode,
  BranchNode,
  CommandNode,
  CommentNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  TextNode,
  Tree,
  VariableNode,
} from "./node.ts";
import { nodeString } from "./node.ts";

export interface ParseOptions {
  leftDelim?: string;
  rightDelim?: string;
  /** Is a function name defined? (Go checks funcs at parse time: `function "x" not defined`) */
  hasFunction: (name: string) => boolean;
  /** Go's SkipFuncCheck mode: do not check that functions are defined. */
  skipFuncCheck?: boolean;
  /** Go's ParseComments mode: keep CommentNodes in the tree. */
  parseComments?: boolean;
}

/** A template parse error; the message is exactly Go's, e.g. `template: NAME:LINE: unexpected "}" in operand`. */
export class TemplateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateParseError";
  }
}

/** The maximum depth of nested parenthesized expressions (Go's maxStackDepth). */
const MAX_STACK_DEPTH = 10000;

/** {{end}} and {{else}}: returned by itemList, never part of a finished tree. */
interface EndNode {
  type: "end";
  pos: number;
}
interface ElseNode {
  type: "else";
  pos: number;
  line: number;
}
type ListItem = Node | EndNode | ElseNode;

function listItemString(n: ListItem): string {
  if (n.type === "end") return "{{end}}";
  if (n.type === "else") return "{{else}}";
  return nodeString(n);
}

const NO_ITEM: Item = { typ: "error", pos: 0, val: "", line: 0 };

/** Token types that can start an operand in a pipeline. */
const OPERAND_START: ReadonlySet<ItemType> = new Set<ItemType>([
  "bool",
  "charConstant",
  "complex",
  "dot",
  "field",
  "identifier",
  "number",
  "nil",
  "rawString",
  "string",
  "variable",
  "leftParen",
]);

/** Shared by every tree created while parsing one text. */
interface Shared {
  lex: Lexer;
  treeSet: Map<string, Tree>;
  hasFunction: (name: string) => boolean;
  skipFuncCheck: boolean;
}

/** A pipeline being parsed, with the command currently being built (if any). */
interface PipeFrame {
  pipe: PipeNode;
  context: string;
  end: ItemType;
  cmd: CommandNode | null;
}

/** The parsing state of one tree (Go's Tree during parsing). */
class TreeParser {
  readonly tree: Tree;
  private readonly shared: Shared;
  private readonly lexer: Lexer;
  /** Three-token look-ahead. */
  private readonly token: [Item, Item, Item] = [NO_ITEM, NO_ITEM, NO_ITEM];
  private peekCount = 0;
  /** Variables defined at the moment. */
  private vars: string[] = ["$"];
  /** Line of the left delimiter starting the current action. */
  private actionLine = 0;
  private rangeDepth = 0;
  /** Depth of nested parenthesized expressions. */
  private stackDepth = 0;

  constructor(tree: Tree, shared: Shared) {
    this.tree = tree;
    this.shared = shared;
    this.lexer = shared.lex;
  }

  // Token stream.

  private next(): Item {
    if (this.peekCount > 0) {
      this.peekCount--;
    } else {
      this.token[0] = this.lexer.nextItem();
    }
    return this.token[this.peekCount] ?? NO_ITEM;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1] ?? NO_ITEM;
    this.peekCount = 1;
    this.token[0] = this.lexer.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    for (;;) {
      const token = this.next();
      if (token.typ !== "space") return token;
    }
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // Errors.

  errorf(message: string): never {
    throw new TemplateParseError(`template: ${this.tree.parseName}:${this.token[0].line}: ${message}`);
  }

  private expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(expected1: ItemType, expected2: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected1 && token.typ !== expected2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === "error") {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.tree.parseName}:${this.actionLine}`;
        if (token.val.endsWith(" action")) extra = extra.slice(" in action".length); // avoid "action in action"
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  private literal<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof LiteralError) this.errorf(e.message);
      throw e;
    }
  }

  // Node constructors.

  private newList(pos: number): ListNode {
    return { type: "list", pos, tree: this.tree, nodes: [] };
  }

  private newPipeline(pos: number, line: number): PipeNode {
    return { type: "pipe", pos, tree: this.tree, line, isAssign: false, decl: [], cmds: [] };
  }

  private newVariable(pos: number, ident: string): VariableNode {
    return { type: "variable", pos, tree: this.tree, ident: ident.split(".") };
  }

  private newTemplate(pos: number, line: number, name: string, pipe: PipeNode | null): TemplateNode {
    return { type: "template", pos, tree: this.tree, line, name, pipe };
  }

  // Parsing.

  /** The top-level parser: like itemList, but also handles {{define}}. Runs to EOF. */
  parse(): void {
    const root = this.newList(this.peek().pos);
    this.tree.root = root;
    while (this.peek().typ !== "EOF") {
      if (this.peek().typ === "leftDelim") {
        const delim = this.next();
        if (this.nextNonSpace().typ === "define") {
          const newT = this.child("definition"); // name will be updated once we know it.
          newT.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") this.errorf(`unexpected ${listItemString(n)}`);
      root.nodes.push(n);
    }
  }

  /** A parser for a new tree (define or block) sharing this one's lexer. */
  private child(name: string): TreeParser {
    return new TreeParser(newTree(name, this.tree.parseName, this.tree.text), this.shared);
  }

  /** Adds the tree to the tree set, unless that would replace a non-empty definition. */
  add(): void {
    const existing = this.shared.treeSet.get(this.tree.name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.shared.treeSet.set(this.tree.name, this.tree);
      return;
    }
    if (!isEmptyTree(this.tree.root)) {
      this.errorf(`template: multiple definition of template ${quote(this.tree.name)}`);
    }
  }

  /** Parses a {{define}} ... {{end}} definition; the "define" keyword has been scanned. */
  private parseDefinition(): void {
    const context = "define clause";
    const name = this.expectOneOf("string", "rawString", context);
    this.tree.name = this.literal(() => unquote(name.val));
    this.expect("rightDelim", context);
    const [root, end] = this.itemList();
    this.tree.root = root;
    if (end.type !== "end") this.errorf(`unexpected ${listItemString(end)} in ${context}`);
    this.add();
  }

  /** textOrAction* up to {{end}} or {{else}}, which is returned separately. */
  private itemList(): [ListNode, EndNode | ElseNode] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== "EOF") {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") return [list, n];
      list.nodes.push(n);
    }
    this.errorf("unexpected EOF");
  }

  private textOrAction(): ListItem {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case "text":
        return { type: "text", pos: token.pos, tree: this.tree, text: token.val } satisfies TextNode;
      case "leftDelim": {
        this.actionLine = token.line;
        const n = this.action();
        this.actionLine = 0;
        return n;
      }
      case "comment":
        return { type: "comment", pos: token.pos, tree: this.tree, text: token.val } satisfies CommentNode;
      default:
        this.unexpected(token, "input");
    }
  }

  /** An action: a control structure or a pipeline. The left delimiter is past. */
  private action(): ListItem {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case "block":
        return this.blockControl();
      case "break":
        return this.breakControl(token.pos, token.line);
      case "continue":
        return this.continueControl(token.pos, token.line);
      case "else":
        return this.elseControl();
      case "end":
        return this.endControl();
      case "if":
        return this.branchControl("if");
      case "range":
        return this.branchControl("range");
      case "template":
        return this.templateControl();
      case "with":
        return this.branchControl("with");
    }
    this.backup();
    const first = this.peek();
    // Do not pop variables; they persist until "end".
    const pipe = this.pipeline("command", "rightDelim");
    return { type: "action", pos: first.pos, tree: this.tree, line: first.line, pipe } satisfies ActionNode;
  }

  private breakControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== "rightDelim") this.unexpected(token, "{{break}}");
    if (this.rangeDepth === 0) this.errorf("{{break}} outside {{range}}");
    return { type: "break", pos, tree: this.tree, line };
  }

  private continueControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== "rightDelim") this.unexpected(token, "{{continue}}");
    if (this.rangeDepth === 0) this.errorf("{{continue}} outside {{range}}");
    return { type: "continue", pos, tree: this.tree, line };
  }

  /** Declarations (`$x :=`, `$x =`, `$i, $v :=` in range) at the start of a pipeline. */
  private startPipeline(context: string, end: ItemType): PipeFrame {
    const first = this.peekNonSpace();
    const pipe = this.newPipeline(first.pos, first.line);
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== "variable") break;
      this.next();
      // Since space is a token, we need 3-token look-ahead here in the worst case:
      // in "$x foo" we need to read "foo" (as opposed to ":=") to know that $x is an
      // argument variable rather than a declaration.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === "assign" || next.typ === "declare") {
        pipe.isAssign = next.typ === "assign";
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === "char" && next.val === ",") {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === "range" && pipe.decl.length < 2) {
          const t = this.peekNonSpace().typ;
          if (t === "variable" || t === "rightDelim" || t === "rightParen") continue; // second variable
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === "space") {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    return { pipe, context, end, cmd: null };
  }

  /**
   * pipeline: declarations? command ('|' command)*
   *
   * Parenthesized pipelines nest through an explicit stack rather than
   * recursion, so that Go's maximum depth (10000) cannot exhaust the
   * JavaScript call stack.
   */
  private pipeline(context: string, end: ItemType): PipeNode {
    const stack: PipeFrame[] = [];
    let frame = this.startPipeline(context, end);
    for (;;) {
      if (frame.cmd === null) {
        const token = this.nextNonSpace();
        if (token.typ === frame.end) {
          // At this point, the pipeline is complete.
          this.checkPipeline(frame.pipe, frame.context);
          const done = frame.pipe;
          const parent = stack.pop();
          if (parent === undefined) return done;
          this.stackDepth--;
          frame = parent;
          this.operandDone(frame, done);
          continue;
        }
        if (!OPERAND_START.has(token.typ)) this.unexpected(token, frame.context);
        this.backup();
        frame.cmd = { type: "command", pos: this.peekNonSpace().pos, tree: this.tree, args: [] };
      }
      // An operand of the current command.
      this.peekNonSpace(); // skip leading spaces.
      const token = this.nextNonSpace();
      if (token.typ === "leftParen") {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf("max expression depth exceeded");
        this.stackDepth++;
        stack.push(frame);
        frame = this.startPipeline("parenthesized pipeline", "rightParen");
        continue;
      }
      this.operandDone(frame, this.term(token));
    }
  }

  /**
   * Finish an operand (a term possibly followed by field accesses) and
   * continue the command: another operand follows a space; a pipe symbol or
   * closing delimiter ends the command.
   */
  private operandDone(frame: PipeFrame, term: Node | null): void {
    const cmd = frame.cmd;
    if (cmd === null) throw new Error("internal error: operand outside command");
    if (term !== null) cmd.args.push(this.chainFields(term));
    const token = this.next();
    switch (token.typ) {
      case "space":
        return;
      case "rightDelim":
      case "rightParen":
        this.backup();
        break;
      case "pipe":
        break;
      default:
        this.unexpected(token, "operand");
    }
    if (cmd.args.length === 0) this.errorf("empty command");
    frame.pipe.cmds.push(cmd);
    frame.cmd = null;
  }

  /** operand: term .Field* */
  private chainFields(node: Node): Node {
    if (this.peek().typ !== "field") return node;
    const fields: string[] = [];
    const pos = this.peek().pos;
    while (this.peek().typ === "field") fields.push(this.next().val.slice(1));
    const chain: Node = { type: "chain", pos, tree: this.tree, node, field: fields };
    // Compatibility with Go's API: fields after a field or variable extend it.
    switch (node.type) {
      case "field":
        return { type: "field", pos, tree: this.tree, ident: nodeString(chain).slice(1).split(".") };
      case "variable":
        return this.newVariable(pos, nodeString(chain));
      case "bool":
      case "string":
      case "number":
      case "nil":
      case "dot":
        return this.errorf(`unexpected . after term ${quote(nodeString(node))}`);
      default:
        return chain;
    }
  }

  /** Rejects empty pipelines and non-executable later stages. */
  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      switch (c.args[0]?.type) {
        case "bool":
        case "dot":
        case "nil":
        case "number":
        case "string":
          this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  /**
   * term: a literal, function name, '.', field, variable (not a parenthesized
   * pipeline: pipeline() handles those). Returns null, with the token pushed
   * back, when the token does not start a term.
   */
  private term(token: Item): Node | null {
    switch (token.typ) {
      case "identifier":
        if (!this.shared.skipFuncCheck && !this.shared.hasFunction(token.val)) {
          this.errorf(`function ${quote(token.val)} not defined`);
        }
        return { type: "identifier", pos: token.pos, tree: this.tree, ident: token.val };
      case "dot":
        return { type: "dot", pos: token.pos, tree: this.tree };
      case "nil":
        return { type: "nil", pos: token.pos, tree: this.tree };
      case "variable":
        return this.useVar(token.pos, token.val);
      case "field":
        return { type: "field", pos: token.pos, tree: this.tree, ident: token.val.slice(1).split(".") };
      case "bool":
        return { type: "bool", pos: token.pos, tree: this.tree, value: token.val === "true" };
      case "charConstant":
      case "complex":
      case "number": {
        const kind: NumberKind = token.typ;
        const v = this.literal(() => parseNumber(token.val, kind));
        return { type: "number", pos: token.pos, tree: this.tree, text: token.val, ...v } satisfies NumberNode;
      }
      case "string":
      case "rawString": {
        const text = this.literal(() => unquote(token.val));
        return { type: "string", pos: token.pos, tree: this.tree, quoted: token.val, text };
      }
    }
    this.backup();
    return null;
  }

  /** A variable reference; errors if the variable is not defined. */
  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0] ?? "")) this.errorf(`undefined variable ${quote(v.ident[0] ?? "")}`);
    return v;
  }

  /** {{if|range|with pipeline}} itemList ({{else}} itemList)? {{end}}; the keyword is past. */
  private branchControl(context: "if" | "range" | "with"): BranchNode {
    const varsLen = this.vars.length;
    const pipe = this.pipeline(context, "rightDelim");
    if (context === "range") this.rangeDepth++;
    const [list, next] = this.itemList();
    if (context === "range") this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.type === "else") {
      // "{{else if …" and "{{else with …" are treated as "{{else}}{{if …" with the
      // {{end}} of the inner if/with taken as the outer one's.
      const following = this.peek().typ;
      if ((context === "if" && following === "if") || (context === "with" && following === "with")) {
        this.next();
        elseList = this.newList(next.pos);
        elseList.nodes.push(this.branchControl(context));
      } else {
        let end: EndNode | ElseNode;
        [elseList, end] = this.itemList();
        if (end.type !== "end") this.errorf(`expected end; found ${listItemString(end)}`);
      }
    }
    this.vars.length = varsLen;
    return { type: context, pos: pipe.pos, tree: this.tree, line: pipe.line, pipe, list, elseList };
  }

  private endControl(): EndNode {
    return { type: "end", pos: this.expect("rightDelim", "end").pos };
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace();
    // "{{else if …" and "{{else with …": leave the keyword pending.
    if (peek.typ === "if" || peek.typ === "with") return { type: "else", pos: peek.pos, line: peek.line };
    const token = this.expect("rightDelim", "else");
    return { type: "else", pos: token.pos, line: token.line };
  }

  /** {{block "name" pipeline}} itemList {{end}}: a definition plus a template call. */
  private blockControl(): TemplateNode {
    const context = "block clause";
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, "rightDelim");
    const block = this.child(name);
    const [root, end] = block.itemList();
    block.tree.root = root;
    // Go reports this one through the enclosing tree (and its last token's line).
    if (end.type !== "end") this.errorf(`unexpected ${listItemString(end)} in ${context}`);
    block.add();
    return this.newTemplate(token.pos, token.line, name, pipe);
  }

  /** {{template "name" pipeline?}} */
  private templateControl(): TemplateNode {
    const context = "template clause";
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== "rightDelim") {
      this.backup();
      // Do not pop variables; they persist until "end".
      pipe = this.pipeline(context, "rightDelim");
    }
    return this.newTemplate(token.pos, token.line, name, pipe);
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === "string" || token.typ === "rawString") return this.literal(() => unquote(token.val));
    this.unexpected(token, context);
  }
}

/** A tree whose root is an empty placeholder list until parsing fills it in. */
function newTree(name: string, parseName: string, text: string): Tree {
  const tree = { name, parseName, text } as Tree;
  tree.root = { type: "list", pos: 0, tree, nodes: [] };
  return tree;
}

/**
 * Like Go's parse.Parse: returns every tree defined in `text` (the top-level
 * one under `name`, plus each {{define}}/{{block}}). Throws TemplateParseError.
 */
export function parse(name: string, text: string, opts: ParseOptions): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const lexer = lex(name, text, opts.leftDelim ?? "", opts.rightDelim ?? "");
  lexer.options = {
    emitComment: opts.parseComments === true,
    breakOK: !opts.hasFunction("break"),
    continueOK: !opts.hasFunction("continue"),
  };
  const tree = newTree(name, name, text);
  const shared: Shared = { lex: lexer, treeSet, hasFunction: opts.hasFunction, skipFuncCheck: opts.skipFuncCheck === true };
  const t = new TreeParser(tree, shared);
  try {
    t.parse();
    t.add();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      // Only reachable with thousands of nested control structures, which Go
      // (with its growable stacks) would accept.
      throw new TemplateParseError(`template: ${name}:${lexer.line}: template nesting too deep`);
    }
    throw e;
  }
  return treeSet;
}

/** Go's parse.IsEmptyTree: whether the node is empty of everything but space or comments. */
export function isEmptyTree(n: Node): boolean {
  switch (n.type) {
    case "action":
    case "if":
    case "range":
    case "template":
    case "with":
      return false;
    case "comment":
      return true;
    case "list":
      return n.nodes.every(isEmptyTree);
    case "text":
      return isAllSpace(n.text);
    default:
      throw new Error(`unknown node: ${nodeString(n)}`);
  }
}

function isAllSpace(s: string): boolean {
  for (const ch of s) {
    if (!isGoSpace(ch.codePointAt(0) ?? 0)) return false;
  }
  return true;
}
