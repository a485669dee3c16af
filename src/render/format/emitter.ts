/**
 * The YAML emitter of go-yaml (a Go port of libyaml's emitter.c), for the
 * documents go-yaml's encoder produces from Go values: block mappings and
 * sequences, empty collections in flow style, and scalars whose style the
 * emitter picks from the encoder's request and its analysis of the text
 * (plain, single-quoted, double-quoted with escapes, literal block), folding
 * long lines at the best width.
 *
 * Two dialects: go-yaml v2 (toYaml: sequences not indented inside
 * mappings, 80-column folding) and v3 (toYamlPretty: sequences indented,
 * no folding, tabs force quoting).
 *
 * libyaml works on UTF-8 bytes but its decisions are per character; this
 * port walks code points. `column` counts characters, as libyaml's does.
 */

/** A scalar written in plain style without the string checks (numbers, booleans, null, timestamps). */
export class Plain {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** A mapping with string keys, in output order. */
export class YMap {
  readonly keys: string[];
  readonly values: YNode[];
  constructor(keys: string[], values: YNode[]) {
    this.keys = keys;
    this.values = values;
  }
}

/** A node of the document: a string (styled like go-yaml's stringv), a plain scalar, a sequence or a mapping. */
export type YNode = string | Plain | YNode[] | YMap;

export const PLAIN_NULL = new Plain("null");
export const PLAIN_TRUE = new Plain("true");
export const PLAIN_FALSE = new Plain("false");

export interface Dialect {
  /** go-yaml v3 (true) or v2 (false). */
  readonly v3: boolean;
  /** Preferred line width (libyaml's best_width after stream start). */
  readonly bestWidth: number;
  /** Whether the encoder may request plain style for this string (resolves to !!str, not base-60, …). */
  readonly canUsePlain: (s: string) => boolean;
}

const enum_ = { PLAIN: 1, SINGLE: 2, DOUBLE: 3, LITERAL: 4 } as const;
type Style = (typeof enum_)[keyof typeof enum_];
const { PLAIN, SINGLE, DOUBLE, LITERAL } = enum_;

const BEST_INDENT = 2;

function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

function isBreak(c: number): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** The code points of a string; a lone surrogate is U+FFFD, as in the UTF-8 Go sees. */
function codePoints(s: string): number[] {
  const out: number[] = new Array<number>(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      out[n++] = c;
      continue;
    }
    if (c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out[n++] = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        i++;
        continue;
      }
    }
    out[n++] = 0xfffd;
  }
  out.length = n;
  return out;
}

function utf8Len(cps: readonly number[]): number {
  let n = 0;
  for (const c of cps) n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  return n;
}

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

function analyze(v: readonly number[], v3: boolean): Analysis {
  const n = v.length;
  if (n === 0) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (n >= 3 && ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < n; i++) {
    const c = v[i] as number;
    const followedByWhitespace = i + 1 >= n || isBlank(v[i + 1] as number);
    if (i === 0) {
      switch (c) {
        case 0x23: // #
        case 0x2c: // ,
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
        case 0x26: // &
        case 0x2a: // *
        case 0x21: // !
        case 0x7c: // |
        case 0x3e: // >
        case 0x27: // '
        case 0x22: // "
        case 0x25: // %
        case 0x40: // @
        case 0x60: // `
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f: // ?
        case 0x3a: // :
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x2d: // -
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c:
        case 0x3f:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
          flowIndicators = true;
          break;
        case 0x3a:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x23:
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (v3 && c === 0x09) tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c) || c === 0;
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (trailingSpace) a.block = false;
  if (breakSpace) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.singleQuoted = false;
  }
  if (spaceBreak || tabs || special) {
    a.flowPlain = false;
    a.blockPlain = false;
    a.singleQuoted = false;
  }
  if (spaceBreak || special) a.block = false;
  if (lineBreaks) {
    a.flowPlain = false;
    a.blockPlain = false;
  }
  if (flowIndicators) a.flowPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

const HEXU = "0123456789ABCDEF";

/** Strings whose analysis allows plain style in block context and that need no folding. */
const SIMPLE = /^[A-Za-z0-9_/$(][A-Za-z0-9_./$()=+-]*$/;

interface Ctx {
  mapping: boolean;
  simpleKey: boolean;
}

const ITEM_CTX: Ctx = { mapping: false, simpleKey: false };
const VALUE_CTX: Ctx = { mapping: true, simpleKey: false };
const KEY_CTX: Ctx = { mapping: true, simpleKey: true };

class Emitter {
  private out = "";
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private readonly d: Dialect;

  constructor(d: Dialect) {
    this.d = d;
  }

  result(): string {
    return this.out;
  }

  // --- output primitives -------------------------------------------------

  private put(s: string): void {
    this.out += s;
    this.column += s.length;
  }

  private writeCp(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  private putBreak(): void {
    this.out += "\n";
    this.column = 0;
    this.indention = true;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.writeCp(c);
      this.column = 0;
      this.indention = true;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.put(ind);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // --- nodes ---------------------------------------------------------------

  /**
   * A string the emitter is sure to write as is in plain style: printable
   * ASCII without spaces or indicators, resolving to a string.
   */
  private simplePlain(s: string): boolean {
    return SIMPLE.test(s) && this.d.canUsePlain(s);
  }

  private writeSimple(s: string): void {
    if (!this.whitespace) this.put(" ");
    this.out += s;
    this.column += s.length;
    this.whitespace = false;
    this.indention = false;
  }

  node(n: YNode, ctx: Ctx): void {
    if (typeof n === "string") {
      if (this.simplePlain(n)) this.writeSimple(n);
      else this.scalar(n, this.d.canUsePlain(n) ? PLAIN : DOUBLE, ctx, true);
    } else if (n instanceof Plain && SIMPLE.test(n.text)) this.writeSimple(n.text);
    else if (n instanceof Plain) this.scalar(n.text, PLAIN, ctx, false);
    else if (n instanceof YMap) this.mapping(n);
    else this.sequence(n, ctx);
  }

  private sequence(items: YNode[], ctx: Ctx): void {
    if (items.length === 0) {
      this.writeIndicator("[", true, true, false);
      this.increaseIndent(true, false);
      this.popIndent();
      this.writeIndicator("]", false, false, false);
      return;
    }
    this.increaseIndent(false, !this.d.v3 && ctx.mapping && !this.indention);
    for (const it of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(it, ITEM_CTX);
    }
    this.popIndent();
  }

  private mapping(m: YMap): void {
    if (m.keys.length === 0) {
      this.writeIndicator("{", true, true, false);
      this.increaseIndent(true, false);
      this.popIndent();
      this.writeIndicator("}", false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (let i = 0; i < m.keys.length; i++) {
      const k = m.keys[i] as string;
      const v = m.values[i] as YNode;
      this.writeIndent();
      if (k.length <= 128 && this.simplePlain(k)) {
        this.writeSimple(k);
        this.writeIndicator(":", false, false, false);
        this.node(v, VALUE_CTX);
        continue;
      }
      const cps = codePoints(k);
      const a = analyze(cps, this.d.v3);
      const simple = !a.multiline && utf8Len(cps) <= 128;
      if (simple) {
        this.scalarAnalyzed(cps, a, this.d.canUsePlain(k) ? PLAIN : DOUBLE, KEY_CTX, k.includes("\n"));
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.scalarAnalyzed(cps, a, this.d.canUsePlain(k) ? PLAIN : DOUBLE, VALUE_CTX, k.includes("\n"));
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(v, VALUE_CTX);
    }
    this.popIndent();
  }

  /** A scalar; `isString` applies the encoder's rule that strings with "\n" ask for literal style. */
  private scalar(s: string, requested: Style, ctx: Ctx, isString: boolean): void {
    const cps = codePoints(s);
    this.scalarAnalyzed(cps, analyze(cps, this.d.v3), requested, ctx, isString && s.includes("\n"));
  }

  private scalarAnalyzed(v: number[], a: Analysis, requested: Style, ctx: Ctx, hasNewline: boolean): void {
    let style: Style = hasNewline ? LITERAL : requested;
    if (ctx.simpleKey && a.multiline) style = DOUBLE;
    if (style === PLAIN) {
      if (!a.blockPlain) style = SINGLE;
      if (v.length === 0 && ctx.simpleKey) style = SINGLE;
    }
    if (style === SINGLE && !a.singleQuoted) style = DOUBLE;
    if (style === LITERAL && (!a.block || ctx.simpleKey)) style = DOUBLE;
    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    switch (style) {
      case PLAIN:
        this.writePlain(v, allowBreaks);
        break;
      case SINGLE:
        this.writeSingle(v, allowBreaks);
        break;
      case DOUBLE:
        this.writeDouble(v, allowBreaks);
        break;
      case LITERAL:
        this.writeLiteral(v);
        break;
    }
    this.popIndent();
  }

  private writePlain(v: number[], allowBreaks: boolean): void {
    if (v.length > 0 && !this.whitespace) this.put(" ");
    const w = this.d.bestWidth;
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i] as number;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > w && v[i + 1] !== 0x20) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        // A run of ordinary characters is written at once.
        let j = i + 1;
        while (j < v.length && v[j] !== 0x20 && !isBreak(v[j] as number)) j++;
        this.writeRun(v, i, j);
        i = j - 1;
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    if (v.length > 0) this.whitespace = false;
    this.indention = false;
  }

  private writeRun(v: number[], i: number, j: number): void {
    let s = "";
    for (let k = i; k < j; k++) {
      const c = v[k] as number;
      s += c < 0x10000 ? String.fromCharCode(c) : String.fromCodePoint(c);
    }
    this.out += s;
    this.column += j - i;
  }

  private writeSingle(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const w = this.d.bestWidth;
    let spaces = false;
    let breaks = false;
    const n = v.length;
    for (let i = 0; i < n; i++) {
      const c = v[i] as number;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > w && i > 0 && i < n - 1 && v[i + 1] !== 0x20) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(v: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const w = this.d.bestWidth;
    // libyaml's is_bom() looks at the start of the value, not at the current
    // character: a value starting with U+FEFF has every character escaped.
    const bom = v[0] === 0xfeff;
    let spaces = false;
    const n = v.length;
    for (let i = 0; i < n; i++) {
      const c = v[i] as number;
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put("\\");
        switch (c) {
          case 0x00:
            this.put("0");
            break;
          case 0x07:
            this.put("a");
            break;
          case 0x08:
            this.put("b");
            break;
          case 0x09:
            this.put("t");
            break;
          case 0x0a:
            this.put("n");
            break;
          case 0x0b:
            this.put("v");
            break;
          case 0x0c:
            this.put("f");
            break;
          case 0x0d:
            this.put("r");
            break;
          case 0x1b:
            this.put("e");
            break;
          case 0x22:
            this.put('"');
            break;
          case 0x5c:
            this.put("\\");
            break;
          case 0x85:
            this.put("N");
            break;
          case 0xa0:
            this.put("_");
            break;
          case 0x2028:
            this.put("L");
            break;
          case 0x2029:
            this.put("P");
            break;
          default: {
            const [p, digits] = c <= 0xff ? ["x", 2] : c <= 0xffff ? ["u", 4] : ["U", 8];
            let hex = "";
            for (let k = (digits - 1) * 4; k >= 0; k -= 4) hex += HEXU[Math.floor(c / 2 ** k) & 0xf] ?? "";
            this.put(p + hex);
          }
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > w && i > 0 && i < n - 1) {
          this.writeIndent();
          if (v[i + 1] === 0x20) this.put("\\");
        } else this.writeCp(c);
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator("|", true, false, false);
    // Block scalar hints: indentation indicator when the text starts with a
    // space or break, chomping indicator from the trailing breaks.
    const first = v[0];
    if (first !== undefined && (first === 0x20 || isBreak(first))) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = "";
    const n = v.length;
    if (n === 0) chomp = "-";
    else if (!isBreak(v[n - 1] as number)) chomp = "-";
    else if (n === 1) chomp = "+";
    else if (isBreak(v[n - 2] as number)) chomp = "+";
    if (chomp !== "") this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < v.length; i++) {
      const c = v[i] as number;
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        let j = i + 1;
        while (j < v.length && !isBreak(v[j] as number)) j++;
        this.writeRun(v, i, j);
        i = j - 1;
        this.indention = false;
        breaks = false;
      }
    }
  }

  document(root: YNode): void {
    this.node(root, ITEM_CTX);
    // Document end: a final line break unless the output already ends one.
    this.writeIndent();
  }
}

/** Emits one YAML document (stream start, implicit document start and end), as go-yaml's Marshal. */
export function emitDocument(root: YNode, d: Dialect): string {
  const e = new Emitter(d);
  e.document(root);
  return e.result();
}
