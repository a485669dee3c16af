/**
 * The lexer of Go's text/template (text/template/parse/lex.go), as a set of
 * state functions. Positions are UTF-16 offsets into the input; line numbers
 * count '\n' exactly as Go does.
 */

import { formatRuneU, goQuotePrefix } from "./literal.ts";
import { quote } from "./strconv.ts";
import { byteLength } from "./value.ts";

/** The kinds of lexical items. Keywords come after "keyword" in Go's ordering. */
export type ItemType =
  | "error" // error occurred; value is text of error
  | "bool" // boolean constant
  | "char" // printable ASCII character; grab bag for comma etc.
  | "charConstant" // character constant
  | "comment" // comment text
  | "complex" // complex constant (1+2i); imaginary is just a number
  | "assign" // equals ('=') introducing an assignment
  | "declare" // colon-equals (':=') introducing a declaration
  | "EOF"
  | "field" // alphanumeric identifier starting with '.'
  | "identifier" // alphanumeric identifier not starting with '.'
  | "leftDelim" // left action delimiter
  | "leftParen" // '(' inside action
  | "number" // simple number, including imaginary
  | "pipe" // pipe symbol
  | "rawString" // raw quoted string (includes quotes)
  | "rightDelim" // right action delimiter
  | "rightParen" // ')' inside action
  | "space" // run of spaces separating arguments
  | "string" // quoted string (includes quotes)
  | "text" // plain text
  | "variable" // variable starting with '$', such as '$' or  '$1' or '$hello'
  // Keywords:
  | "block"
  | "break"
  | "continue"
  | "dot" // the cursor, spelled '.'
  | "define"
  | "else"
  | "end"
  | "if"
  | "nil" // the untyped nil constant, easiest to treat as a keyword
  | "range"
  | "template"
  | "with";

/** A token or text string returned from the scanner. */
export interface Item {
  typ: ItemType;
  /** UTF-16 offset of the item in the input. */
  pos: number;
  val: string;
  /** The line number at the start of this item. */
  line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  [".", "dot"],
  ["block", "block"],
  ["break", "break"],
  ["continue", "continue"],
  ["define", "define"],
  ["else", "else"],
  ["end", "end"],
  ["if", "if"],
  ["range", "range"],
  ["nil", "nil"],
  ["template", "template"],
  ["with", "with"],
]);

const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set(KEYWORDS.values());

/** Whether an item type is a keyword (Go's `typ > itemKeyword`). */
export function isKeyword(t: ItemType): boolean {
  return KEYWORD_TYPES.has(t);
}

/** Go's item.String(), used in parse error messages. */
export function itemString(i: Item): string {
  if (i.typ === "EOF") return "EOF";
  if (i.typ === "error") return i.val;
  if (isKeyword(i.typ)) return `<${i.val}>`;
  if (byteLength(i.val) > 10) return `${goQuotePrefix(i.val, 10)}...`;
  return quote(i.val);
}

/** Options controlling the lexer; all default to false. */
export interface LexOptions {
  /** Emit "comment" items. */
  emitComment: boolean;
  /** The break keyword is allowed (otherwise it is an identifier). */
  breakOK: boolean;
  /** The continue keyword is allowed (otherwise it is an identifier). */
  continueOK: boolean;
}

type StateFn = (l: Lexer) => StateFn | null;

const EOF = -1;
const DEFAULT_LEFT_DELIM = "{{";
const DEFAULT_RIGHT_DELIM = "}}";
const LEFT_COMMENT = "/*";
const RIGHT_COMMENT = "*/";
const TRIM_MARKER = 0x2d; // '-'
const TRIM_MARKER_LEN = 2; // marker plus space before or after

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

/** A space character as the template language defines it. */
function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

/** Whether r is an alphabetic, digit, or underscore (Unicode letters and decimal digits included). */
function isAlphaNumeric(r: number): boolean {
  if (r < 0x80) {
    return r === 0x5f || (r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a);
  }
  if (r >= 0xd800 && r <= 0xdfff) return false;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(r));
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i !== -1 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

function isSpaceChar(s: string, i: number): boolean {
  return isSpace(s.charCodeAt(i));
}

/** The scanner state. */
export class Lexer {
  /** The name of the input; used only for error reports. */
  readonly name: string;
  /** The string being scanned. */
  input: string;
  readonly leftDelim: string;
  readonly rightDelim: string;
  /** Current position in the input. */
  pos = 0;
  /** Start position of this item. */
  start = 0;
  /** We have hit the end of input and returned EOF. */
  atEOF = false;
  /** Nesting depth of ( ) exprs. */
  parenDepth = 0;
  /** 1 + number of newlines seen. */
  line = 1;
  /** Start line of this item. */
  startLine = 1;
  /** Item to return to the parser. */
  item: Item;
  /** Are we inside an action? */
  insideAction = false;
  options: LexOptions = { emitComment: false, breakOK: false, continueOK: false };

  constructor(name: string, input: string, left: string, right: string) {
    this.name = name;
    this.input = input;
    this.leftDelim = left === "" ? DEFAULT_LEFT_DELIM : left;
    this.rightDelim = right === "" ? DEFAULT_RIGHT_DELIM : right;
    this.item = { typ: "EOF", pos: 0, val: "EOF", line: 1 };
  }

  /** Returns the next rune (code point) in the input, or EOF. */
  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos) ?? EOF;
    this.pos += r > 0xffff ? 2 : 1;
    if (r === 0x0a) this.line++;
    return r;
  }

  /** Returns but does not consume the next rune in the input. */
  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  /** Steps back one rune. */
  backup(): void {
    if (!this.atEOF && this.pos > 0) {
      const c = this.input.charCodeAt(this.pos - 1);
      let w = 1;
      if (c >= 0xdc00 && c <= 0xdfff && this.pos >= 2) {
        const h = this.input.charCodeAt(this.pos - 2);
        if (h >= 0xd800 && h <= 0xdbff) w = 2;
      }
      this.pos -= w;
      if (c === 0x0a) this.line--;
    }
  }

  /** Returns the item at the current input point with the specified type and advances the input. */
  thisItem(t: ItemType): Item {
    const i: Item = { typ: t, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return i;
  }

  /** Passes the trailing text as an item back to the parser. */
  emit(t: ItemType): StateFn | null {
    return this.emitItem(this.thisItem(t));
  }

  emitItem(i: Item): StateFn | null {
    this.item = i;
    return null;
  }

  /** Skips over the pending input before this point, tracking its newlines. */
  ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  /** Consumes the next rune if it's from the valid set. */
  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  /** Consumes a run of runes from the valid set. */
  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || !valid.includes(String.fromCodePoint(r))) break;
    }
    this.backup();
  }

  /** Emits an error item and terminates the scan. */
  errorf(message: string): StateFn | null {
    this.item = { typ: "error", pos: this.start, val: message, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = "";
    return null;
  }

  /** Returns the next item from the input. */
  nextItem(): Item {
    this.item = { typ: "EOF", pos: this.pos, val: "EOF", line: this.startLine };
    let state: StateFn | null = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item;
  }

  hasLeftTrimMarker(at: number): boolean {
    return this.input.length - at >= 2 && this.input.charCodeAt(at) === TRIM_MARKER && isSpaceChar(this.input, at + 1);
  }

  hasRightTrimMarker(at: number): boolean {
    return this.input.length - at >= 2 && isSpaceChar(this.input, at) && this.input.charCodeAt(at + 1) === TRIM_MARKER;
  }

  /** Whether the lexer is at a right delimiter, possibly preceded by a trim marker. */
  atRightDelim(): { delim: boolean; trimSpaces: boolean } {
    if (this.hasRightTrimMarker(this.pos) && this.input.startsWith(this.rightDelim, this.pos + TRIM_MARKER_LEN)) {
      return { delim: true, trimSpaces: true };
    }
    if (this.input.startsWith(this.rightDelim, this.pos)) return { delim: true, trimSpaces: false };
    return { delim: false, trimSpaces: false };
  }

  /** Whether the input is at a valid character to terminate an identifier. */
  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(this.rightDelim, this.pos);
  }

  /** Scans a number; reports whether it is well formed (the parser checks the rest). */
  scanNumber(): boolean {
    this.accept("+-");
    let digits = "0123456789_";
    let mode: "dec" | "hex" | "other" = "dec";
    if (this.accept("0")) {
      // Note: Leading 0 does not mean octal in floats.
      if (this.accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
        mode = "hex";
      } else if (this.accept("oO")) {
        digits = "01234567_";
        mode = "other";
      } else if (this.accept("bB")) {
        digits = "01_";
        mode = "other";
      }
    }
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    if (mode === "dec" && this.accept("eE")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    if (mode === "hex" && this.accept("pP")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    // Is it imaginary?
    this.accept("i");
    // Next thing mustn't be alphanumeric.
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

/** Creates a new scanner for the input string ("" delimiters mean the defaults). */
export function lex(name: string, input: string, left = "", right = ""): Lexer {
  return new Lexer(name, input, left, right);
}

// State functions.

/** Scans until an opening action delimiter. */
function lexText(l: Lexer): StateFn | null {
  const x = l.input.indexOf(l.leftDelim, l.pos);
  if (x >= 0) {
    if (x > l.pos) {
      l.pos = x;
      // Do we trim any trailing space?
      let trimLength = 0;
      const delimEnd = l.pos + l.leftDelim.length;
      if (l.hasLeftTrimMarker(delimEnd)) {
        let k = l.pos;
        while (k > l.start && isSpaceChar(l.input, k - 1)) k--;
        trimLength = l.pos - k;
      }
      l.pos -= trimLength;
      l.line += countNewlines(l.input, l.start, l.pos);
      const i = l.thisItem("text");
      l.pos += trimLength;
      l.ignore();
      if (i.val.length > 0) return l.emitItem(i);
    }
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  // Correctly reached EOF.
  if (l.pos > l.start) {
    l.line += countNewlines(l.input, l.start, l.pos);
    return l.emit("text");
  }
  return l.emit("EOF");
}

/** Scans the left delimiter, which is known to be present, possibly with a trim marker. */
function lexLeftDelim(l: Lexer): StateFn | null {
  l.pos += l.leftDelim.length;
  const trimSpace = l.hasLeftTrimMarker(l.pos);
  const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
  if (l.input.startsWith(LEFT_COMMENT, l.pos + afterMarker)) {
    l.pos += afterMarker;
    l.ignore();
    return lexComment;
  }
  const i = l.thisItem("leftDelim");
  l.insideAction = true;
  l.pos += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return l.emitItem(i);
}

/** Scans a comment. The left comment marker is known to be present. */
function lexComment(l: Lexer): StateFn | null {
  l.pos += LEFT_COMMENT.length;
  const x = l.input.indexOf(RIGHT_COMMENT, l.pos);
  if (x < 0) return l.errorf("unclosed comment");
  l.pos = x + RIGHT_COMMENT.length;
  const { delim, trimSpaces } = l.atRightDelim();
  if (!delim) return l.errorf("comment ends before closing delimiter");
  l.line += countNewlines(l.input, l.start, l.pos);
  const i = l.thisItem("comment");
  if (trimSpaces) l.pos += TRIM_MARKER_LEN;
  l.pos += l.rightDelim.length;
  if (trimSpaces) l.pos = skipSpaces(l.input, l.pos);
  l.ignore();
  if (l.options.emitComment) return l.emitItem(i);
  return lexText;
}

function skipSpaces(s: string, at: number): number {
  while (at < s.length && isSpaceChar(s, at)) at++;
  return at;
}

/** Scans the right delimiter, which is known to be present, possibly with a trim marker. */
function lexRightDelim(l: Lexer): StateFn | null {
  const { trimSpaces } = l.atRightDelim();
  if (trimSpaces) {
    l.pos += TRIM_MARKER_LEN;
    l.ignore();
  }
  l.pos += l.rightDelim.length;
  const i = l.thisItem("rightDelim");
  if (trimSpaces) {
    l.pos = skipSpaces(l.input, l.pos);
    l.ignore();
  }
  l.insideAction = false;
  return l.emitItem(i);
}

/** Scans the elements inside action delimiters. */
function lexInsideAction(l: Lexer): StateFn | null {
  const { delim } = l.atRightDelim();
  if (delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf("unclosed left paren");
  }
  const r = l.next();
  switch (r) {
    case EOF:
      return l.errorf("unclosed action");
    case 0x20:
    case 0x09:
    case 0x0d:
    case 0x0a:
      l.backup(); // Put space back in case we have " -}}".
      return lexSpace;
    case 0x3d: // =
      return l.emit("assign");
    case 0x3a: // :
      if (l.next() !== 0x3d) return l.errorf("expected :=");
      return l.emit("declare");
    case 0x7c: // |
      return l.emit("pipe");
    case 0x22: // "
      return lexQuote;
    case 0x60: // `
      return lexRawQuote;
    case 0x24: // $
      return lexVariable;
    case 0x27: // '
      return lexChar;
    case 0x28: // (
      l.parenDepth++;
      return l.emit("leftParen");
    case 0x29: // )
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf("unexpected right paren");
      return l.emit("rightParen");
  }
  if (r === 0x2e) {
    // Special look-ahead for ".field" so we don't break l.backup().
    if (l.pos < l.input.length) {
      const c = l.input.charCodeAt(l.pos);
      if (c < 0x30 || c > 0x39) return lexField;
    }
    // '.' can start a number.
    l.backup();
    return lexNumber;
  }
  if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r >= 0x20 && r <= 0x7e) return l.emit("char");
  return l.errorf(`unrecognized character in action: ${formatRuneU(r)}`);
}

/** Scans a run of space characters, taking care of a trim-marked right delimiter. */
function lexSpace(l: Lexer): StateFn | null {
  let numSpaces = 0;
  for (;;) {
    const r = l.peek();
    if (!isSpace(r)) break;
    l.next();
    numSpaces++;
  }
  // Be careful about a trim-marked closing delimiter, which has a minus
  // after a space. We know there is a space, so check for the '-' that might follow.
  if (l.hasRightTrimMarker(l.pos - 1) && l.input.startsWith(l.rightDelim, l.pos - 1 + TRIM_MARKER_LEN)) {
    l.backup(); // Before the space.
    if (numSpaces === 1) return lexRightDelim; // On the delim, so go right to that.
  }
  return l.emit("space");
}

/** Scans an alphanumeric. */
function lexIdentifier(l: Lexer): StateFn | null {
  let r: number;
  do {
    r = l.next();
  } while (isAlphaNumeric(r));
  l.backup();
  const word = l.input.slice(l.start, l.pos);
  if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
  const key = KEYWORDS.get(word);
  if (key !== undefined && key !== "dot") {
    if ((key === "break" && !l.options.breakOK) || (key === "continue" && !l.options.continueOK)) {
      return l.emit("identifier");
    }
    return l.emit(key);
  }
  if (word.startsWith(".")) return l.emit("field");
  if (word === "true" || word === "false") return l.emit("bool");
  return l.emit("identifier");
}

/** Scans a field: .Alphanumeric. The . has been scanned. */
function lexField(l: Lexer): StateFn | null {
  return lexFieldOrVariable(l, "field");
}

/** Scans a variable: $Alphanumeric. The $ has been scanned. */
function lexVariable(l: Lexer): StateFn | null {
  if (l.atTerminator()) return l.emit("variable"); // Nothing interesting follows -> "$".
  return lexFieldOrVariable(l, "variable");
}

/** Scans a field or variable: [.$]Alphanumeric. The . or $ has been scanned. */
function lexFieldOrVariable(l: Lexer, typ: "field" | "variable"): StateFn | null {
  if (l.atTerminator()) return l.emit(typ === "variable" ? "variable" : "dot");
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
  return l.emit(typ);
}

/** Scans a character constant. The initial quote is already scanned. */
function lexChar(l: Lexer): StateFn | null {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf("unterminated character constant");
    }
    if (r === EOF || r === 0x0a) return l.errorf("unterminated character constant");
    if (r === 0x27) break;
  }
  return l.emit("charConstant");
}

/** Scans a number: decimal, octal, hex, float, or imaginary (strconv checks the details). */
function lexNumber(l: Lexer): StateFn | null {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    // Complex: 1+2i. No spaces, must end in 'i'.
    if (!l.scanNumber() || l.input.charCodeAt(l.pos - 1) !== 0x69) {
      return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
    }
    return l.emit("complex");
  }
  return l.emit("number");
}

/** Scans a quoted string. */
function lexQuote(l: Lexer): StateFn | null {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
      return l.errorf("unterminated quoted string");
    }
    if (r === EOF || r === 0x0a) return l.errorf("unterminated quoted string");
    if (r === 0x22) break;
  }
  return l.emit("string");
}

/** Scans a raw quoted string. */
function lexRawQuote(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf("unterminated raw quoted string");
    if (r === 0x60) break;
  }
  return l.emit("rawString");
}
