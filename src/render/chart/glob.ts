/**
 * github.com/gobwas/glob v0.2.3, which Helm's `.Files.Glob` compiles its
 * pattern with (separator '/'): `*` (any run of non-separators), `**` (any
 * run), `?`, `[abc]`, `[!abc]`, `[a-z]`, `{a,b}`, `\` escapes.
 *
 * Ported with its optimizing compiler and matchers as they are, quirks
 * included (the matchers mix byte offsets and rune counts; some patterns
 * with overlapping parts match what they should not, e.g. `start*art`
 * matches "start"), so that every pattern selects the files Helm selects.
 * Strings are handled as byte strings (see bytes.ts) like Go's.
 */
import { decodeRuneAt, encodeRune, goSlice, RUNE_ERROR, runeCount, runeLen, runes, toByteString } from "./bytes.ts";

// ---------------------------------------------------------------------------
// Lexer (syntax/lexer).

type TokenType =
  | "EOF"
  | "Error"
  | "Text"
  | "Any"
  | "Super"
  | "Single"
  | "Not"
  | "Separator"
  | "RangeOpen"
  | "RangeClose"
  | "RangeLo"
  | "RangeHi"
  | "RangeBetween"
  | "TermsOpen"
  | "TermsClose";

interface Token {
  type: TokenType;
  raw: string;
}

const EOF = 0;
const C_ANY = 0x2a; // *
const C_COMMA = 0x2c;
const C_SINGLE = 0x3f; // ?
const C_ESCAPE = 0x5c; // \
const C_RANGE_OPEN = 0x5b; // [
const C_RANGE_CLOSE = 0x5d; // ]
const C_TERMS_OPEN = 0x7b; // {
const C_TERMS_CLOSE = 0x7d; // }
const C_RANGE_NOT = 0x21; // !
const C_RANGE_BETWEEN = 0x2d; // -

const IN_TEXT_BREAKERS = [C_SINGLE, C_ANY, C_RANGE_OPEN, C_TERMS_OPEN];
const IN_TERMS_BREAKERS = [...IN_TEXT_BREAKERS, C_TERMS_CLOSE, C_COMMA];

class Lexer {
  private readonly data: string;
  private pos = 0;
  private err: string | null = null;
  private readonly tokens: Token[] = [];
  private termsLevel = 0;
  private lastRune = 0;
  private lastRuneSize = 0;
  private hasRune = false;

  constructor(source: string) {
    this.data = source;
  }

  next(): Token {
    for (;;) {
      if (this.err !== null) return { type: "Error", raw: this.err };
      const t = this.tokens.shift();
      if (t !== undefined) return t;
      this.fetchItem();
    }
  }

  private peek(): [number, number] {
    if (this.pos === this.data.length) return [EOF, 0];
    const [r, w] = decodeRuneAt(this.data, this.pos);
    if (r === RUNE_ERROR) {
      this.err = "could not read rune";
      return [EOF, 0];
    }
    return [r, w];
  }

  private read(): number {
    if (this.hasRune) {
      this.hasRune = false;
      this.pos += this.lastRuneSize;
      return this.lastRune;
    }
    const [r, s] = this.peek();
    this.pos += s;
    this.lastRune = r;
    this.lastRuneSize = s;
    return r;
  }

  private unread(): void {
    if (this.hasRune) {
      this.err = "could not unread rune";
      return;
    }
    this.pos -= this.lastRuneSize;
    this.hasRune = true;
  }

  private push(type: TokenType, raw: string): void {
    this.tokens.push({ type, raw });
  }

  private fetchItem(): void {
    const r = this.read();
    const inTerms = this.termsLevel > 0;
    if (r === EOF) this.push("EOF", "");
    else if (r === C_TERMS_OPEN) {
      this.termsLevel++;
      this.push("TermsOpen", "{");
    } else if (r === C_COMMA && inTerms) this.push("Separator", ",");
    else if (r === C_TERMS_CLOSE && inTerms) {
      this.push("TermsClose", "}");
      this.termsLevel--;
    } else if (r === C_RANGE_OPEN) {
      this.push("RangeOpen", "[");
      this.fetchRange();
    } else if (r === C_SINGLE) this.push("Single", "?");
    else if (r === C_ANY) {
      if (this.read() === C_ANY) this.push("Super", "**");
      else {
        this.unread();
        this.push("Any", "*");
      }
    } else {
      this.unread();
      this.fetchText(inTerms ? IN_TERMS_BREAKERS : IN_TEXT_BREAKERS);
    }
  }

  private fetchRange(): void {
    let wantHi = false;
    let wantClose = false;
    let seenNot = false;
    for (;;) {
      const r = this.read();
      if (r === EOF) {
        this.err = "unexpected end of input";
        return;
      }
      if (wantClose) {
        if (r !== C_RANGE_CLOSE) this.err = "expected close range character";
        else this.push("RangeClose", "]");
        return;
      }
      if (wantHi) {
        this.push("RangeHi", encodeRune(r));
        wantClose = true;
        continue;
      }
      if (!seenNot && r === C_RANGE_NOT) {
        this.push("Not", "!");
        seenNot = true;
        continue;
      }
      const [n, w] = this.peek();
      if (n === C_RANGE_BETWEEN) {
        this.pos += w;
        this.push("RangeLo", encodeRune(r));
        this.push("RangeBetween", "-");
        wantHi = true;
        continue;
      }
      this.unread();
      this.fetchText([C_RANGE_CLOSE]);
      wantClose = true;
    }
  }

  private fetchText(breakers: readonly number[]): void {
    let data = "";
    let escaped = false;
    for (;;) {
      const r = this.read();
      if (r === EOF) break;
      if (!escaped) {
        if (r === C_ESCAPE) {
          escaped = true;
          continue;
        }
        if (breakers.includes(r)) {
          this.unread();
          break;
        }
      }
      escaped = false;
      data += encodeRune(r);
    }
    if (data.length > 0) this.push("Text", data);
  }
}

// ---------------------------------------------------------------------------
// Parser (syntax/ast).

type NodeKind = "Nothing" | "Pattern" | "List" | "Range" | "Text" | "Any" | "Super" | "Single" | "AnyOf";

type NodeValue = { list: { not: boolean; chars: string } } | { range: { not: boolean; lo: number; hi: number } } | { text: string } | null;

interface AstNode {
  kind: NodeKind;
  value: NodeValue;
  children: AstNode[];
  parent: AstNode | null;
}

function newNode(kind: NodeKind, value: NodeValue, ...children: AstNode[]): AstNode {
  const n: AstNode = { kind, value, children: [], parent: null };
  insert(n, ...children);
  return n;
}

function insert(parent: AstNode, ...children: AstNode[]): void {
  for (const c of children) {
    parent.children.push(c);
    c.parent = parent;
  }
}

function valueEqual(a: NodeValue, b: NodeValue): boolean {
  if (a === null || b === null) return a === b;
  if ("list" in a) return "list" in b && a.list.not === b.list.not && a.list.chars === b.list.chars;
  if ("range" in a) return "range" in b && a.range.not === b.range.not && a.range.lo === b.range.lo && a.range.hi === b.range.hi;
  return "text" in b && a.text === b.text;
}

/** ast.Node.Equal (and reflect.DeepEqual, which amounts to the same on these trees). */
function nodeEqual(a: AstNode, b: AstNode): boolean {
  if (a.kind !== b.kind || !valueEqual(a.value, b.value) || a.children.length !== b.children.length) return false;
  return a.children.every((c, i) => nodeEqual(c, b.children[i] as AstNode));
}

class GlobSyntaxError extends Error {}

function parse(lexer: Lexer): AstNode {
  const root = newNode("Pattern", null);
  let tree = root;
  let state: "main" | "range" | "done" = "main";
  while (state !== "done") {
    if (state === "main") {
      const token = lexer.next();
      switch (token.type) {
        case "EOF":
          state = "done";
          break;
        case "Error":
          throw new GlobSyntaxError(token.raw);
        case "Text":
          insert(tree, newNode("Text", { text: token.raw }));
          break;
        case "Any":
          insert(tree, newNode("Any", null));
          break;
        case "Super":
          insert(tree, newNode("Super", null));
          break;
        case "Single":
          insert(tree, newNode("Single", null));
          break;
        case "RangeOpen":
          state = "range";
          break;
        case "TermsOpen": {
          const a = newNode("AnyOf", null);
          insert(tree, a);
          const p = newNode("Pattern", null);
          insert(a, p);
          tree = p;
          break;
        }
        case "Separator": {
          const p = newNode("Pattern", null);
          insert(tree.parent as AstNode, p);
          tree = p;
          break;
        }
        case "TermsClose":
          tree = (tree.parent as AstNode).parent as AstNode;
          break;
        default:
          throw new GlobSyntaxError(`unexpected token: ${token.type}`);
      }
    } else {
      tree = parseRange(tree, lexer);
      state = "main";
    }
  }
  return root;
}

function parseRange(tree: AstNode, lexer: Lexer): AstNode {
  let not = false;
  let lo = 0;
  let hi = 0;
  let chars = "";
  for (;;) {
    const token = lexer.next();
    switch (token.type) {
      case "EOF":
        throw new GlobSyntaxError("unexpected end");
      case "Error":
        throw new GlobSyntaxError(token.raw);
      case "Not":
        not = true;
        break;
      case "RangeLo": {
        const [r, w] = decodeRuneAt(token.raw, 0);
        if (token.raw.length > w) throw new GlobSyntaxError("unexpected length of lo character");
        lo = r;
        break;
      }
      case "RangeBetween":
        break;
      case "RangeHi": {
        const [r, w] = decodeRuneAt(token.raw, 0);
        if (token.raw.length > w) throw new GlobSyntaxError("unexpected length of lo character");
        hi = r;
        if (hi < lo) throw new GlobSyntaxError("hi character should be greater than lo");
        break;
      }
      case "Text":
        chars = token.raw;
        break;
      case "RangeClose": {
        const isRange = lo !== 0 && hi !== 0;
        const isChars = chars !== "";
        if (isChars === isRange) throw new GlobSyntaxError("could not parse range");
        if (isRange) insert(tree, newNode("Range", { range: { lo, hi, not } }));
        else insert(tree, newNode("List", { list: { chars, not } }));
        return tree;
      }
      default:
        break;
    }
  }
}

// ---------------------------------------------------------------------------
// Matchers (match/). Segments are byte lengths; Len() is a rune count.

interface Matcher {
  readonly kind: string;
  match(s: string): boolean;
  index(s: string): [number, number[]];
  len(): number;
}

function runesOf(s: string): number[] {
  return [...runes(s)].map(([, r]) => r);
}

/** util/strings.IndexAnyRunes. */
function indexAnyRunes(s: string, rs: readonly number[]): number {
  for (const r of rs) {
    const i = s.indexOf(encodeRune(r));
    if (i !== -1) return i;
  }
  return -1;
}

/** util/strings.LastIndexAnyRunes. */
function lastIndexAnyRunes(s: string, rs: readonly number[]): number {
  for (const r of rs) {
    let i = -1;
    if (r >= 0 && r < 0x80) i = s.lastIndexOf(String.fromCharCode(r));
    else {
      let sub = s;
      while (sub.length > 0) {
        const j = s.indexOf(encodeRune(r));
        if (j === -1) break;
        i = j;
        sub = sub.slice(i + 1);
      }
    }
    if (i !== -1) return i;
  }
  return -1;
}

function runesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function segmentsByRuneLength(r: number): number[] {
  const n = runeLen(r);
  if (n < 0) throw new Error("index out of range");
  return [n];
}

class Any implements Matcher {
  readonly kind = "Any";
  readonly separators: number[];
  constructor(separators: number[]) {
    this.separators = separators;
  }
  match(s: string): boolean {
    return indexAnyRunes(s, this.separators) === -1;
  }
  index(s: string): [number, number[]] {
    const found = indexAnyRunes(s, this.separators);
    if (found === 0) return [0, [0]];
    if (found > 0) s = s.slice(0, found);
    const segments: number[] = [];
    for (const [i] of runes(s)) segments.push(i);
    segments.push(s.length);
    return [0, segments];
  }
  len(): number {
    return -1;
  }
}

class AnyOf implements Matcher {
  readonly kind = "AnyOf";
  readonly matchers: Matcher[];
  constructor(matchers: Matcher[]) {
    this.matchers = matchers;
  }
  match(s: string): boolean {
    return this.matchers.some((m) => m.match(s));
  }
  index(s: string): [number, number[]] {
    let index = -1;
    let segments: number[] = [];
    for (const m of this.matchers) {
      const [idx, seg] = m.index(s);
      if (idx === -1) continue;
      if (index === -1 || idx < index) {
        index = idx;
        segments = [...seg];
        continue;
      }
      if (idx > index) continue;
      segments = appendMerge(segments, seg);
    }
    if (index === -1) return [-1, []];
    return [index, segments];
  }
  len(): number {
    let l = -1;
    for (const m of this.matchers) {
      const ml = m.len();
      if (l === -1) {
        l = ml;
        continue;
      }
      if (ml === -1 || l !== ml) return -1;
    }
    return l;
  }
}

function appendMerge(target: readonly number[], sub: readonly number[]): number[] {
  const out: number[] = [];
  let x = 0;
  let y = 0;
  while (x < target.length || y < sub.length) {
    if (x >= target.length) {
      out.push(...sub.slice(y));
      break;
    }
    if (y >= sub.length) {
      out.push(...target.slice(x));
      break;
    }
    const xv = target[x] as number;
    const yv = sub[y] as number;
    if (xv === yv) {
      out.push(xv);
      x++;
      y++;
    } else if (xv < yv) {
      out.push(xv);
      x++;
    } else {
      out.push(yv);
      y++;
    }
  }
  return out;
}

class BTree implements Matcher {
  readonly kind = "BTree";
  value: Matcher;
  left: Matcher | null;
  right: Matcher | null;
  readonly valueLengthRunes: number;
  readonly leftLengthRunes: number = 0;
  readonly rightLengthRunes: number = 0;
  readonly lengthRunes: number;
  constructor(value: Matcher, left: Matcher | null, right: Matcher | null) {
    this.value = value;
    this.left = left;
    this.right = right;
    let lenOk = true;
    this.valueLengthRunes = value.len();
    if (this.valueLengthRunes === -1) lenOk = false;
    if (left !== null) {
      this.leftLengthRunes = left.len();
      if (this.leftLengthRunes === -1) lenOk = false;
    }
    if (right !== null) {
      this.rightLengthRunes = right.len();
      if (this.rightLengthRunes === -1) lenOk = false;
    }
    this.lengthRunes = lenOk ? this.leftLengthRunes + this.valueLengthRunes + this.rightLengthRunes : -1;
  }
  len(): number {
    return this.lengthRunes;
  }
  index(): [number, number[]] {
    return [-1, []];
  }
  match(s: string): boolean {
    const inputLen = s.length;
    if (this.lengthRunes !== -1 && this.lengthRunes > inputLen) return false;
    let offset = this.leftLengthRunes >= 0 ? this.leftLengthRunes : 0;
    const limit = this.rightLengthRunes >= 0 ? inputLen - this.rightLengthRunes : inputLen;
    while (offset < limit) {
      const [index, segments] = this.value.index(goSlice(s, offset, limit));
      if (index === -1) return false;
      const l = s.slice(0, offset + index);
      const left = this.left !== null ? this.left.match(l) : l === "";
      if (left) {
        for (let i = segments.length - 1; i >= 0; i--) {
          const length = segments[i] as number;
          const r = inputLen <= offset + index + length ? "" : s.slice(offset + index + length);
          const right = this.right !== null ? this.right.match(r) : r === "";
          if (right) return true;
        }
      }
      const step = decodeRuneAt(s, offset + index)[1];
      offset += index + step;
    }
    return false;
  }
}

class Contains implements Matcher {
  readonly kind = "Contains";
  readonly needle: string;
  readonly not: boolean;
  constructor(needle: string, not: boolean) {
    this.needle = needle;
    this.not = not;
  }
  match(s: string): boolean {
    return s.includes(this.needle) !== this.not;
  }
  index(s: string): [number, number[]] {
    let offset = 0;
    const idx = s.indexOf(this.needle);
    if (!this.not) {
      if (idx === -1) return [-1, []];
      offset = idx + this.needle.length;
      if (s.length <= offset) return [0, [offset]];
      s = s.slice(offset);
    } else if (idx !== -1) s = s.slice(0, idx);
    const segments: number[] = [];
    for (const [i] of runes(s)) segments.push(offset + i);
    segments.push(offset + s.length);
    return [0, segments];
  }
  len(): number {
    return -1;
  }
}

class EveryOf implements Matcher {
  readonly kind = "EveryOf";
  readonly matchers: Matcher[] = [];
  add(m: Matcher): void {
    this.matchers.push(m);
  }
  len(): number {
    let l = 0;
    for (const m of this.matchers) {
      const ml = m.len();
      if (l > 0) l += ml;
      else return -1;
    }
    return l;
  }
  index(s: string): [number, number[]] {
    let index = 0;
    let offset = 0;
    let current: number[] = [];
    let sub = s;
    for (let i = 0; i < this.matchers.length; i++) {
      const [idx, seg] = (this.matchers[i] as Matcher).index(sub);
      if (idx === -1) return [-1, []];
      if (i === 0) current = [...seg];
      else {
        const next: number[] = [];
        const delta = index - (idx + offset);
        for (const ex of current) {
          for (const n of seg) if (ex + delta === n) next.push(n);
        }
        if (next.length === 0) return [-1, []];
        current = next;
      }
      index = idx + offset;
      sub = s.slice(index);
      offset += idx;
    }
    return [index, current];
  }
  match(s: string): boolean {
    return this.matchers.every((m) => m.match(s));
  }
}

class List implements Matcher {
  readonly kind = "List";
  readonly list: number[];
  readonly not: boolean;
  constructor(list: number[], not: boolean) {
    this.list = list;
    this.not = not;
  }
  match(s: string): boolean {
    const [r, w] = decodeRuneAt(s, 0);
    if (s.length > w) return false;
    return this.list.includes(r) === !this.not;
  }
  len(): number {
    return 1;
  }
  index(s: string): [number, number[]] {
    for (const [i, r] of runes(s)) {
      if (this.not === !this.list.includes(r)) return [i, segmentsByRuneLength(r)];
    }
    return [-1, []];
  }
}

class Max implements Matcher {
  readonly kind = "Max";
  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  match(s: string): boolean {
    return runeCount(s) <= this.limit;
  }
  index(s: string): [number, number[]] {
    const segments = [0];
    let count = 0;
    for (const [i, r] of runes(s)) {
      count++;
      if (count > this.limit) break;
      segments.push(i + runeLen(r));
    }
    return [0, segments];
  }
  len(): number {
    return -1;
  }
}

class Min implements Matcher {
  readonly kind = "Min";
  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  match(s: string): boolean {
    return runeCount(s) >= Math.max(this.limit, 1);
  }
  index(s: string): [number, number[]] {
    let count = 0;
    const c = s.length - this.limit + 1;
    if (c <= 0) return [-1, []];
    const segments: number[] = [];
    for (const [i, r] of runes(s)) {
      count++;
      if (count >= this.limit) segments.push(i + runeLen(r));
    }
    if (segments.length === 0) return [-1, []];
    return [0, segments];
  }
  len(): number {
    return -1;
  }
}

class Nothing implements Matcher {
  readonly kind = "Nothing";
  match(s: string): boolean {
    return s.length === 0;
  }
  index(): [number, number[]] {
    return [0, [0]];
  }
  len(): number {
    return 0;
  }
}

class Prefix implements Matcher {
  readonly kind = "Prefix";
  readonly prefix: string;
  constructor(prefix: string) {
    this.prefix = prefix;
  }
  index(s: string): [number, number[]] {
    const idx = s.indexOf(this.prefix);
    if (idx === -1) return [-1, []];
    const length = this.prefix.length;
    const sub = s.length > idx + length ? s.slice(idx + length) : "";
    const segments = [length];
    for (const [i, r] of runes(sub)) segments.push(length + i + runeLen(r));
    return [idx, segments];
  }
  len(): number {
    return -1;
  }
  match(s: string): boolean {
    return s.startsWith(this.prefix);
  }
}

class PrefixAny implements Matcher {
  readonly kind = "PrefixAny";
  readonly prefix: string;
  readonly separators: number[];
  constructor(prefix: string, separators: number[]) {
    this.prefix = prefix;
    this.separators = separators;
  }
  index(s: string): [number, number[]] {
    const idx = s.indexOf(this.prefix);
    if (idx === -1) return [-1, []];
    const n = this.prefix.length;
    let sub = s.slice(idx + n);
    const i = indexAnyRunes(sub, this.separators);
    if (i > -1) sub = sub.slice(0, i);
    const seg = [n];
    for (const [k, r] of runes(sub)) seg.push(n + k + runeLen(r));
    return [idx, seg];
  }
  len(): number {
    return -1;
  }
  match(s: string): boolean {
    if (!s.startsWith(this.prefix)) return false;
    return indexAnyRunes(s.slice(this.prefix.length), this.separators) === -1;
  }
}

class PrefixSuffix implements Matcher {
  readonly kind = "PrefixSuffix";
  readonly prefix: string;
  readonly suffix: string;
  constructor(prefix: string, suffix: string) {
    this.prefix = prefix;
    this.suffix = suffix;
  }
  index(s: string): [number, number[]] {
    const prefixIdx = s.indexOf(this.prefix);
    if (prefixIdx === -1) return [-1, []];
    const suffixLen = this.suffix.length;
    if (suffixLen <= 0) return [prefixIdx, [s.length - prefixIdx]];
    if (s.length - prefixIdx <= 0) return [-1, []];
    const segments: number[] = [];
    for (let sub = s.slice(prefixIdx); ; ) {
      const suffixIdx = sub.lastIndexOf(this.suffix);
      if (suffixIdx === -1) break;
      segments.push(suffixIdx + suffixLen);
      sub = sub.slice(0, suffixIdx);
    }
    if (segments.length === 0) return [-1, []];
    segments.reverse();
    return [prefixIdx, segments];
  }
  len(): number {
    return -1;
  }
  match(s: string): boolean {
    return s.startsWith(this.prefix) && s.endsWith(this.suffix);
  }
}

class Range implements Matcher {
  readonly kind = "Range";
  readonly lo: number;
  readonly hi: number;
  readonly not: boolean;
  constructor(lo: number, hi: number, not: boolean) {
    this.lo = lo;
    this.hi = hi;
    this.not = not;
  }
  len(): number {
    return 1;
  }
  match(s: string): boolean {
    const [r, w] = decodeRuneAt(s, 0);
    if (s.length > w) return false;
    return (r >= this.lo && r <= this.hi) === !this.not;
  }
  index(s: string): [number, number[]] {
    for (const [i, r] of runes(s)) {
      if (this.not !== (r >= this.lo && r <= this.hi)) return [i, segmentsByRuneLength(r)];
    }
    return [-1, []];
  }
}

class Row implements Matcher {
  readonly kind = "Row";
  readonly matchers: Matcher[];
  readonly runesLength: number;
  constructor(length: number, matchers: Matcher[]) {
    this.matchers = matchers;
    this.runesLength = length;
  }
  private matchAll(s: string): boolean {
    let idx = 0;
    for (const m of this.matchers) {
      const length = m.len();
      let next = 0;
      let i = 0;
      for (const [k] of runes(s.slice(idx))) {
        next = k;
        i++;
        if (i === length) break;
      }
      if (i < length || !m.match(goSlice(s, idx, idx + next + 1))) return false;
      idx += next + 1;
    }
    return true;
  }
  private lenOk(s: string): boolean {
    return runeCount(s) === this.runesLength;
  }
  match(s: string): boolean {
    return this.lenOk(s) && this.matchAll(s);
  }
  len(): number {
    return this.runesLength;
  }
  index(s: string): [number, number[]] {
    for (const [i] of runes(s)) {
      if (s.length - i < this.runesLength) break;
      if (this.matchAll(s.slice(i))) return [i, [this.runesLength]];
    }
    return [-1, []];
  }
}

class Single implements Matcher {
  readonly kind = "Single";
  readonly separators: number[];
  constructor(separators: number[]) {
    this.separators = separators;
  }
  match(s: string): boolean {
    const [r, w] = decodeRuneAt(s, 0);
    if (s.length > w) return false;
    return !this.separators.includes(r);
  }
  len(): number {
    return 1;
  }
  index(s: string): [number, number[]] {
    for (const [i, r] of runes(s)) {
      if (!this.separators.includes(r)) return [i, segmentsByRuneLength(r)];
    }
    return [-1, []];
  }
}

class Suffix implements Matcher {
  readonly kind = "Suffix";
  readonly suffix: string;
  constructor(suffix: string) {
    this.suffix = suffix;
  }
  len(): number {
    return -1;
  }
  match(s: string): boolean {
    return s.endsWith(this.suffix);
  }
  index(s: string): [number, number[]] {
    const idx = s.indexOf(this.suffix);
    if (idx === -1) return [-1, []];
    return [0, [idx + this.suffix.length]];
  }
}

class SuffixAny implements Matcher {
  readonly kind = "SuffixAny";
  readonly suffix: string;
  readonly separators: number[];
  constructor(suffix: string, separators: number[]) {
    this.suffix = suffix;
    this.separators = separators;
  }
  index(s: string): [number, number[]] {
    const idx = s.indexOf(this.suffix);
    if (idx === -1) return [-1, []];
    const i = lastIndexAnyRunes(s.slice(0, idx), this.separators) + 1;
    return [i, [idx + this.suffix.length - i]];
  }
  len(): number {
    return -1;
  }
  match(s: string): boolean {
    if (!s.endsWith(this.suffix)) return false;
    return indexAnyRunes(s.slice(0, s.length - this.suffix.length), this.separators) === -1;
  }
}

class Super implements Matcher {
  readonly kind = "Super";
  match(): boolean {
    return true;
  }
  len(): number {
    return -1;
  }
  index(s: string): [number, number[]] {
    const segments: number[] = [];
    for (const [i] of runes(s)) segments.push(i);
    segments.push(s.length);
    return [0, segments];
  }
}

class Text implements Matcher {
  readonly kind = "Text";
  readonly str: string;
  readonly runesLength: number;
  constructor(str: string) {
    this.str = str;
    this.runesLength = runeCount(str);
  }
  match(s: string): boolean {
    return this.str === s;
  }
  len(): number {
    return this.runesLength;
  }
  index(s: string): [number, number[]] {
    const index = s.indexOf(this.str);
    if (index === -1) return [-1, []];
    return [index, [this.str.length]];
  }
}

// ---------------------------------------------------------------------------
// Compiler (compiler/).

function optimizeMatcher(matcher: Matcher): Matcher {
  if (matcher instanceof Any) {
    if (matcher.separators.length === 0) return new Super();
    return matcher;
  }
  if (matcher instanceof AnyOf) {
    if (matcher.matchers.length === 1) return matcher.matchers[0] as Matcher;
    return matcher;
  }
  if (matcher instanceof List) {
    if (!matcher.not && matcher.list.length === 1) return new Text(encodeRune(matcher.list[0] as number));
    return matcher;
  }
  if (matcher instanceof BTree) {
    matcher.left = matcher.left === null ? null : optimizeMatcher(matcher.left);
    matcher.right = matcher.right === null ? null : optimizeMatcher(matcher.right);
    const r = matcher.value;
    if (!(r instanceof Text)) return matcher;
    const leftNil = matcher.left === null;
    const rightNil = matcher.right === null;
    if (leftNil && rightNil) return new Text(r.str);
    const { left, right } = matcher;
    const leftSuper = left instanceof Super;
    const rightSuper = right instanceof Super;
    if (leftSuper && rightSuper) return new Contains(r.str, false);
    if (leftSuper && rightNil) return new Suffix(r.str);
    if (rightSuper && leftNil) return new Prefix(r.str);
    if (leftNil && right instanceof Suffix) return new PrefixSuffix(r.str, right.suffix);
    if (rightNil && left instanceof Prefix) return new PrefixSuffix(left.prefix, r.str);
    if (rightNil && left instanceof Any) return new SuffixAny(r.str, left.separators);
    if (leftNil && right instanceof Any) return new PrefixAny(r.str, right.separators);
    return matcher;
  }
  return matcher;
}

function compileMatchers(matchers: Matcher[]): Matcher {
  if (matchers.length === 0) throw new GlobSyntaxError("compile error: need at least one matcher");
  if (matchers.length === 1) return matchers[0] as Matcher;
  const glued = glueMatchers(matchers);
  if (glued !== null) return glued;

  let idx = -1;
  let maxLen = -1;
  let val: Matcher | null = null;
  for (let i = 0; i < matchers.length; i++) {
    const m = matchers[i] as Matcher;
    const l = m.len();
    if (l !== -1 && l >= maxLen) {
      maxLen = l;
      idx = i;
      val = m;
    }
  }
  if (val === null) {
    const r = compileMatchers(matchers.slice(1));
    return new BTree(matchers[0] as Matcher, null, r);
  }
  const left = matchers.slice(0, idx);
  const right = matchers.length > idx + 1 ? matchers.slice(idx + 1) : [];
  const l = left.length > 0 ? compileMatchers(left) : null;
  const r = right.length > 0 ? compileMatchers(right) : null;
  return new BTree(val, l, r);
}

function glueMatchers(matchers: Matcher[]): Matcher | null {
  return glueMatchersAsEvery(matchers) ?? glueMatchersAsRow(matchers);
}

function glueMatchersAsRow(matchers: Matcher[]): Matcher | null {
  if (matchers.length <= 1) return null;
  let l = 0;
  for (const m of matchers) {
    const ml = m.len();
    if (ml === -1) return null;
    l += ml;
  }
  return new Row(l, [...matchers]);
}

function glueMatchersAsEvery(matchers: Matcher[]): Matcher | null {
  if (matchers.length <= 1) return null;
  let hasAny = false;
  let hasSuper = false;
  let hasSingle = false;
  let min = 0;
  let separator: number[] = [];
  for (let i = 0; i < matchers.length; i++) {
    const m = matchers[i];
    let sep: number[];
    if (m instanceof Super) {
      sep = [];
      hasSuper = true;
    } else if (m instanceof Any) {
      sep = m.separators;
      hasAny = true;
    } else if (m instanceof Single) {
      sep = m.separators;
      hasSingle = true;
      min++;
    } else if (m instanceof List) {
      if (!m.not) return null;
      sep = m.list;
      hasSingle = true;
      min++;
    } else return null;
    if (i === 0) separator = sep;
    if (runesEqual(sep, separator)) continue;
    return null;
  }
  if (hasSuper && !hasAny && !hasSingle) return new Super();
  if (hasAny && !hasSuper && !hasSingle) return new Any(separator);
  if ((hasAny || hasSuper) && min > 0 && separator.length === 0) return new Min(min);
  const every = new EveryOf();
  if (min > 0) {
    every.add(new Min(min));
    if (!hasAny && !hasSuper) every.add(new Max(min));
  }
  if (separator.length > 0) every.add(new Contains(separator.map(encodeRune).join(""), true));
  return every;
}

function minimizeMatchers(matchers: Matcher[]): Matcher[] {
  let done: Matcher | null = null;
  let left = 0;
  let right = 0;
  let count = 0;
  for (let l = 0; l < matchers.length; l++) {
    for (let r = matchers.length; r > l; r--) {
      const glued = glueMatchers(matchers.slice(l, r));
      if (glued === null) continue;
      let swap: boolean;
      if (done === null) swap = true;
      else {
        const cl = done.len();
        const gl = glued.len();
        swap = cl > -1 && gl > -1 && gl > cl;
        swap = swap || count < r - l;
      }
      if (swap) {
        done = glued;
        left = l;
        right = r;
        count = r - l;
      }
    }
  }
  if (done === null) return matchers;
  const next = [...matchers.slice(0, left), done];
  if (right < matchers.length) next.push(...matchers.slice(right));
  if (next.length === matchers.length) return next;
  return minimizeMatchers(next);
}

function minimizeTreeAnyOf(tree: AstNode): AstNode | null {
  if (!tree.children.every((n) => n.kind === "Pattern")) return null;
  const [commonLeft, commonRight] = commonChildren(tree.children);
  if (commonLeft.length === 0 && commonRight.length === 0) return null;
  const result: AstNode[] = [];
  if (commonLeft.length > 0) result.push(newNode("Pattern", null, ...commonLeft));
  const anyOf: AstNode[] = [];
  for (const child of tree.children) {
    const reuse = child.children.slice(commonLeft.length, child.children.length - commonRight.length);
    const node = reuse.length === 0 ? newNode("Nothing", null) : newNode("Pattern", null, ...reuse);
    if (!anyOf.some((n) => nodeEqual(n, node))) anyOf.push(node);
  }
  if (anyOf.length === 1 && (anyOf[0] as AstNode).kind !== "Nothing") result.push(anyOf[0] as AstNode);
  else if (anyOf.length > 1) result.push(newNode("AnyOf", null, ...anyOf));
  if (commonRight.length > 0) result.push(newNode("Pattern", null, ...commonRight));
  return newNode("Pattern", null, ...result);
}

function commonChildren(nodes: AstNode[]): [AstNode[], AstNode[]] {
  const commonLeft: AstNode[] = [];
  if (nodes.length <= 1) return [commonLeft, []];
  let idx = -1;
  let min = -1;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as AstNode;
    if (idx === -1 || n.children.length < min) {
      min = n.children.length;
      idx = i;
    }
  }
  const tree = nodes[idx] as AstNode;
  const treeLength = tree.children.length;
  const commonRight: (AstNode | undefined)[] = new Array<AstNode | undefined>(treeLength);
  let lastRight = treeLength;
  let breakLeft = false;
  let breakRight = false;
  let commonTotal = 0;
  for (let i = 0, j = treeLength - 1; commonTotal < treeLength && j >= 0 && !(breakLeft && breakRight); i++, j--) {
    const treeLeft = tree.children[i] as AstNode;
    const treeRight = tree.children[j] as AstNode;
    for (let k = 0; k < nodes.length && !(breakLeft && breakRight); k++) {
      if (k === idx) continue;
      const other = nodes[k] as AstNode;
      const restLeft = other.children[i] as AstNode;
      const restRight = other.children[j + other.children.length - treeLength] as AstNode;
      breakLeft = breakLeft || !nodeEqual(treeLeft, restLeft);
      breakRight = breakRight || (!breakLeft && j <= i);
      breakRight = breakRight || !nodeEqual(treeRight, restRight);
    }
    if (!breakLeft) {
      commonTotal++;
      commonLeft.push(treeLeft);
    }
    if (!breakRight) {
      commonTotal++;
      lastRight = j;
      commonRight[j] = treeRight;
    }
  }
  return [commonLeft, commonRight.slice(lastRight) as AstNode[]];
}

function compileTreeChildren(tree: AstNode, sep: number[]): Matcher[] {
  return tree.children.map((desc) => optimizeMatcher(compile(desc, sep)));
}

function compile(tree: AstNode, sep: number[]): Matcher {
  let m: Matcher;
  switch (tree.kind) {
    case "AnyOf": {
      const n = minimizeTreeAnyOf(tree);
      if (n !== null) return compile(n, sep);
      return new AnyOf(compileTreeChildren(tree, sep));
    }
    case "Pattern":
      if (tree.children.length === 0) return new Nothing();
      m = compileMatchers(minimizeMatchers(compileTreeChildren(tree, sep)));
      break;
    case "Any":
      m = new Any(sep);
      break;
    case "Super":
      m = new Super();
      break;
    case "Single":
      m = new Single(sep);
      break;
    case "Nothing":
      m = new Nothing();
      break;
    case "List": {
      const v = tree.value as { list: { not: boolean; chars: string } };
      m = new List(runesOf(v.list.chars), v.list.not);
      break;
    }
    case "Range": {
      const v = tree.value as { range: { not: boolean; lo: number; hi: number } };
      m = new Range(v.range.lo, v.range.hi, v.range.not);
      break;
    }
    case "Text":
      m = new Text((tree.value as { text: string }).text);
      break;
  }
  return optimizeMatcher(m);
}

/** A compiled glob: match takes a JS string. */
export interface Glob {
  match(name: string): boolean;
}

/** glob.Compile(pattern, '/'); throws on a pattern gobwas/glob rejects. */
export function compileGlob(pattern: string): Glob {
  const tree = parse(new Lexer(toByteString(pattern)));
  const m = compile(tree, [0x2f]);
  return { match: (name: string) => m.match(toByteString(name)) };
}

/** What `.Files.Glob` compiles: the pattern, or `**` (everything) when gobwas/glob rejects it. */
export function helmGlob(pattern: string): Glob {
  try {
    return compileGlob(pattern);
  } catch (e) {
    if (e instanceof GlobSyntaxError) return compileGlob("**");
    throw e;
  }
}
