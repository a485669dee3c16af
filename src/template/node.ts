/**
 * The parse tree, shaped like Go's text/template/parse nodes so that the
 * executor and error messages can follow Go's behaviour one to one.
 *
 * `pos` is the UTF-16 offset of the node in its tree's `text`; error
 * locations convert it to Go's line and byte column (see `errorContext`).
 */
import type { NumberValue } from "./literal.ts";
import { quote } from "./strconv.ts";

export interface Tree {
  /** Name of the template this tree defines. */
  name: string;
  /** Name of the top-level template being parsed when this tree was made (for error messages). */
  parseName: string;
  root: ListNode;
  /** The full text parsed to create this tree (or its parent). */
  text: string;
}

interface Base {
  pos: number;
  tree: Tree;
}

export interface ListNode extends Base {
  type: "list";
  nodes: Node[];
}
export interface TextNode extends Base {
  type: "text";
  text: string;
}
export interface CommentNode extends Base {
  type: "comment";
  /** Including the delimiters' inner comment markers: "/* … *\/". */
  text: string;
}
export interface ActionNode extends Base {
  type: "action";
  line: number;
  pipe: PipeNode;
}
export interface PipeNode extends Base {
  type: "pipe";
  line: number;
  /** `$x = …` rather than `$x := …`. */
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends Base {
  type: "command";
  args: Node[];
}
/** `.Field.Chain` on dot. */
export interface FieldNode extends Base {
  type: "field";
  ident: string[];
}
/** `$x.Field.Chain`; ident[0] is the variable name including `$`. */
export interface VariableNode extends Base {
  type: "variable";
  ident: string[];
}
/** `(pipe).Field.Chain` or `$x.Field` after a non-field operand. */
export interface ChainNode extends Base {
  type: "chain";
  node: Node;
  field: string[];
}
/** A function name. */
export interface IdentifierNode extends Base {
  type: "identifier";
  ident: string;
}
export interface DotNode extends Base {
  type: "dot";
}
export interface NilNode extends Base {
  type: "nil";
}
export interface BoolNode extends Base {
  type: "bool";
  value: boolean;
}
export interface NumberNode extends Base, NumberValue {
  type: "number";
  /** The original text. */
  text: string;
}
export interface StringNode extends Base {
  type: "string";
  /** The original text, with quotes. */
  quoted: string;
  /** The unquoted string. */
  text: string;
}
export interface BranchNode extends Base {
  type: "if" | "range" | "with";
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface TemplateNode extends Base {
  type: "template";
  line: number;
  name: string;
  pipe: PipeNode | null;
}
export interface BreakNode extends Base {
  type: "break";
  line: number;
}
export interface ContinueNode extends Base {
  type: "continue";
  line: number;
}

export type Node =
  | ListNode
  | TextNode
  | CommentNode
  | ActionNode
  | PipeNode
  | CommandNode
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | ContinueNode;


/** The source-like rendering of a node, exactly as Go's Node.String(). */
export function nodeString(n: Node): string {
  const parts: string[] = [];
  writeNode(n, parts);
  return parts.join("");
}

function writeNode(n: Node, out: string[]): void {
  switch (n.type) {
    case "list":
      for (const c of n.nodes) writeNode(c, out);
      return;
    case "text":
      out.push(n.text);
      return;
    case "comment":
      out.push("{{", n.text, "}}");
      return;
    case "action":
      out.push("{{");
      writeNode(n.pipe, out);
      out.push("}}");
      return;
    case "pipe":
      if (n.decl.length > 0) {
        n.decl.forEach((v, i) => {
          if (i > 0) out.push(", ");
          writeNode(v, out);
        });
        out.push(n.isAssign ? " = " : " := ");
      }
      n.cmds.forEach((c, i) => {
        if (i > 0) out.push(" | ");
        writeNode(c, out);
      });
      return;
    case "command":
      n.args.forEach((a, i) => {
        if (i > 0) out.push(" ");
        if (a.type === "pipe") {
          out.push("(");
          writeNode(a, out);
          out.push(")");
        } else {
          writeNode(a, out);
        }
      });
      return;
    case "field":
      for (const id of n.ident) out.push(".", id);
      return;
    case "variable":
      out.push(n.ident.join("."));
      return;
    case "chain":
      if (n.node.type === "pipe") {
        out.push("(");
        writeNode(n.node, out);
        out.push(")");
      } else {
        writeNode(n.node, out);
      }
      for (const f of n.field) out.push(".", f);
      return;
    case "identifier":
      out.push(n.ident);
      return;
    case "dot":
      out.push(".");
      return;
    case "nil":
      out.push("nil");
      return;
    case "bool":
      out.push(n.value ? "true" : "false");
      return;
    case "number":
      out.push(n.text);
      return;
    case "string":
      out.push(n.quoted);
      return;
    case "if":
    case "range":
    case "with":
      out.push("{{", n.type, " ");
      writeNode(n.pipe, out);
      out.push("}}");
      writeNode(n.list, out);
      if (n.elseList) {
        out.push("{{else}}");
        writeNode(n.elseList, out);
      }
      out.push("{{end}}");
      return;
    case "template":
      out.push("{{template ", quote(n.name));
      if (n.pipe) {
        out.push(" ");
        writeNode(n.pipe, out);
      }
      out.push("}}");
      return;
    case "break":
      out.push("{{break}}");
      return;
    case "continue":
      out.push("{{continue}}");
      return;
  }
}

/**
 * Go's Tree.ErrorContext: "parseName:line:col" (col is the 0-based byte
 * offset in the line, as Go counts it) and the node's text.
 */
export function errorContext(n: Node): { location: string; context: string } {
  const text = n.tree.text.slice(0, n.pos);
  const lastNl = text.lastIndexOf("\n");
  const lineStart = lastNl === -1 ? 0 : lastNl + 1;
  const col = Buffer.byteLength(text.slice(lineStart), "utf8");
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) line++;
  return { location: `${n.tree.parseName}:${line}:${col}`, context: nodeString(n) };
}
