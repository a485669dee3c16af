/**
 * Go's regexp package (RE2 syntax with the Perl flags regexp.Compile uses),
 * reimplemented rather than translated to JavaScript's backtracking engine:
 *
 * - the parser follows regexp/syntax's, so exactly the patterns Go rejects
 *   are rejected, with Go's error text;
 * - the tree is simplified and compiled as regexp/syntax does (counted
 *   repetitions become copies, a nullable x* becomes (x+)?), and run by a
 *   Pike VM like Go's NFA: leftmost-first, Go's capture semantics inside
 *   loops and for empty iterations, and linear time (no catastrophic
 *   backtracking on patterns like (a+)+$);
 * - only single-rune class membership is delegated to JavaScript: each
 *   character class is written as a `v`-mode RegExp class (Go's ASCII-only
 *   \d \s \w and POSIX classes spelled out, `(?i)` as a `(?i:…)` modifier,
 *   Unicode properties by Go's names) and tested one rune at a time.
 *
 * Matching, replacement and splitting follow Go's loops (empty matches next
 * to a previous match are skipped; `$name` expansion rules).
 */
import { canBackquote, quote } from "../../template/index.ts";
import { isDigit, isLetter } from "./unicode.ts";

export class RegexpSyntaxError extends Error {
  readonly code: string;
  readonly expr: string;
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.code = code;
    this.expr = expr;
  }
}

const ERR_INVALID_CHAR_CLASS_RANGE = "invalid character class range";
const ERR_INVALID_ESCAPE = "invalid escape sequence";
const ERR_INVALID_NAMED_CAPTURE = "invalid named capture";
const ERR_INVALID_PERL_OP = "invalid or unsupported Perl syntax";
const ERR_INVALID_REPEAT_OP = "invalid nested repetition operator";
const ERR_INVALID_REPEAT_SIZE = "invalid repeat count";
const ERR_MISSING_BRACKET = "missing closing ]";
const ERR_MISSING_PAREN = "missing closing )";
const ERR_MISSING_REPEAT_ARGUMENT = "missing argument to repetition operator";
const ERR_TRAILING_BACKSLASH = "trailing backslash at end of expression";
const ERR_UNEXPECTED_PAREN = "unexpected )";
const ERR_NESTING_DEPTH = "expression nests too deeply";

// Parser flags (a subset of regexp/syntax.Flags).
const FOLD_CASE = 1;
const ONE_LINE = 2;
const DOT_NL = 4;
const NON_GREEDY = 8;

// Empty-width assertions (regexp/syntax.EmptyOp).
const EMPTY_BEGIN_LINE = 1;
const EMPTY_END_LINE = 2;
const EMPTY_BEGIN_TEXT = 4;
const EMPTY_END_TEXT = 8;
const EMPTY_WORD_BOUNDARY = 16;
const EMPTY_NO_WORD_BOUNDARY = 32;

type Node =
  | { t: "lit"; cp: number; fold: boolean }
  | { t: "class"; src: string; fold: boolean }
  | { t: "dot"; nl: boolean }
  | { t: "empty"; op: number }
  | { t: "cap"; index: number; sub: Node }
  | { t: "rep"; min: number; max: number; greedy: boolean; counted: boolean; sub: Node }
  | { t: "cat"; subs: Node[] }
  | { t: "alt"; subs: Node[] };

interface Frame {
  /** Flags to restore at the closing parenthesis. */
  flags: number;
  /** Capture index, 0 for a non-capturing group (or the top level). */
  cap: number;
  alts: Node[];
  cur: Node[];
}

// ---------------------------------------------------------------------------
// Character classes as JavaScript `v`-mode class text

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;

function rangesSrc(ranges: readonly (readonly [number, number])[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join("");
}

type Ranges = readonly (readonly [number, number])[];

const PERL_GROUPS: Record<string, { sign: 1 | -1; ranges: Ranges }> = {};
const POSIX_GROUPS: Record<string, { sign: 1 | -1; ranges: Ranges }> = {};
{
  const d: Ranges = [[0x30, 0x39]];
  const s: Ranges = [
    [0x9, 0xa],
    [0xc, 0xd],
    [0x20, 0x20],
  ];
  const w: Ranges = [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ];
  for (const [name, ranges] of [
    ["d", d],
    ["s", s],
    ["w", w],
  ] as const) {
    PERL_GROUPS[`\\${name}`] = { sign: 1, ranges };
    PERL_GROUPS[`\\${name.toUpperCase()}`] = { sign: -1, ranges };
  }
  const posix: Record<string, Ranges> = {
    alnum: [
      [0x30, 0x39],
      [0x41, 0x5a],
      [0x61, 0x7a],
    ],
    alpha: [
      [0x41, 0x5a],
      [0x61, 0x7a],
    ],
    ascii: [[0x0, 0x7f]],
    blank: [
      [0x9, 0x9],
      [0x20, 0x20],
    ],
    cntrl: [
      [0x0, 0x1f],
      [0x7f, 0x7f],
    ],
    digit: [[0x30, 0x39]],
    graph: [[0x21, 0x7e]],
    lower: [[0x61, 0x7a]],
    print: [[0x20, 0x7e]],
    punct: [
      [0x21, 0x2f],
      [0x3a, 0x40],
      [0x5b, 0x60],
      [0x7b, 0x7e],
    ],
    space: [
      [0x9, 0xd],
      [0x20, 0x20],
    ],
    upper: [[0x41, 0x5a]],
    word: w,
    xdigit: [
      [0x30, 0x39],
      [0x41, 0x46],
      [0x61, 0x66],
    ],
  };
  for (const [name, ranges] of Object.entries(posix)) {
    POSIX_GROUPS[`[:${name}:]`] = { sign: 1, ranges };
    POSIX_GROUPS[`[:^${name}:]`] = { sign: -1, ranges };
  }
}

function groupSrc(g: { sign: 1 | -1; ranges: Ranges }): string {
  return `[${g.sign < 0 ? "^" : ""}${rangesSrc(g.ranges)}]`;
}

// Go 1.25's Unicode class names (unicode.Categories, unicode.Scripts, unicode.CategoryAliases).
const CATEGORIES = new Set("C Cc Cf Cn Co Cs L LC Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "));
const SCRIPTS = new Set(
  (
    "Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid " +
    "Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari " +
    "Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han " +
    "Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada " +
    "Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani " +
    "Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi " +
    "Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian " +
    "Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene " +
    "Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng " +
    "Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta " +
    "Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square"
  ).split(" "),
);
const CATEGORY_ALIASES = new Map<string, string>();
for (const pair of (
  "Cased_Letter=LC Close_Punctuation=Pe Combining_Mark=M Connector_Punctuation=Pc Control=Cc Currency_Symbol=Sc Dash_Punctuation=Pd " +
  "Decimal_Number=Nd Enclosing_Mark=Me Final_Punctuation=Pf Format=Cf Initial_Punctuation=Pi Letter=L Letter_Number=Nl Line_Separator=Zl " +
  "Lowercase_Letter=Ll Mark=M Math_Symbol=Sm Modifier_Letter=Lm Modifier_Symbol=Sk Nonspacing_Mark=Mn Number=N Open_Punctuation=Ps Other=C " +
  "Other_Letter=Lo Other_Number=No Other_Punctuation=Po Other_Symbol=So Paragraph_Separator=Zp Private_Use=Co Punctuation=P Separator=Z " +
  "Space_Separator=Zs Spacing_Mark=Mc Surrogate=Cs Symbol=S Titlecase_Letter=Lt Unassigned=Cn Uppercase_Letter=Lu cntrl=Cc digit=Nd punct=P"
).split(" ")) {
  const [alias = "", cat = ""] = pair.split("=");
  CATEGORY_ALIASES.set(canonicalName(alias), cat);
}

/** regexp/syntax's canonicalName: first letter upper, the rest lower, no '_', '-' or ' '. */
function canonicalName(name: string): string {
  let out = "";
  let first = true;
  for (const ch of name) {
    if (ch === "_" || ch === "-" || ch === " ") continue;
    if (first) {
      out += ch >= "a" && ch <= "z" ? ch.toUpperCase() : ch;
      first = false;
    } else {
      out += ch >= "A" && ch <= "Z" ? ch.toLowerCase() : ch;
    }
  }
  return out;
}

/** The JavaScript class item for a Go Unicode class name, with its sign, or null when Go does not know it. */
function unicodeTable(name: string): { src: string; sign: 1 | -1 } | null {
  const n = canonicalName(name);
  switch (n) {
    case "Any":
      return { src: "[\\u{0}-\\u{10ffff}]", sign: 1 };
    case "Assigned":
      return { src: "\\p{gc=Cn}", sign: -1 };
    case "Ascii":
      return { src: "[\\u{0}-\\u{7f}]", sign: 1 };
    case "Lc":
      return { src: "\\p{gc=LC}", sign: 1 };
    default:
      break;
  }
  if (CATEGORIES.has(n)) return { src: `\\p{gc=${n}}`, sign: 1 };
  if (SCRIPTS.has(n)) return { src: `\\p{sc=${n}}`, sign: 1 };
  const alias = CATEGORY_ALIASES.get(n);
  if (alias !== undefined) return { src: `\\p{gc=${alias}}`, sign: 1 };
  return null;
}

// ---------------------------------------------------------------------------
// The parser

const isOctal = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "7";
const isAsciiDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

class Parser {
  private readonly s: string;
  private pos = 0;
  private flags = ONE_LINE;
  private numCap = 0;
  readonly names: string[] = [""];
  private stack: Frame[] = [];
  private frame: Frame = { flags: ONE_LINE, cap: 0, alts: [], cur: [] };

  constructor(s: string) {
    this.s = s;
  }

  private cp(at = this.pos): number {
    return this.s.codePointAt(at) ?? 0;
  }

  private width(at = this.pos): number {
    return this.cp(at) > 0xffff ? 2 : 1;
  }

  private rest(at = this.pos): string {
    return this.s.slice(at);
  }

  parse(): Node {
    let lastRepeat = -1; // start of the previous token when it was a repetition operator
    while (this.pos < this.s.length) {
      let repeat = -1;
      const c = this.s[this.pos];
      switch (c) {
        case "(":
          if (this.s[this.pos + 1] === "?") {
            this.parsePerlFlags();
            break;
          }
          this.openGroup(++this.numCap, "");
          this.pos++;
          break;
        case "|":
          this.frame.alts.push(this.concat());
          this.frame.cur = [];
          this.pos++;
          break;
        case ")":
          this.closeGroup();
          this.pos++;
          break;
        case "^":
          this.push({ t: "empty", op: this.flags & ONE_LINE ? EMPTY_BEGIN_TEXT : EMPTY_BEGIN_LINE });
          this.pos++;
          break;
        case "$":
          this.push({ t: "empty", op: this.flags & ONE_LINE ? EMPTY_END_TEXT : EMPTY_END_LINE });
          this.pos++;
          break;
        case ".":
          this.push({ t: "dot", nl: (this.flags & DOT_NL) !== 0 });
          this.pos++;
          break;
        case "[":
          this.parseClass();
          break;
        case "*":
        case "+":
        case "?": {
          const before = this.pos;
          this.pos++;
          this.repeat(c === "*" ? 0 : c === "+" ? 1 : 0, c === "?" ? 1 : -1, false, before, lastRepeat);
          repeat = before;
          break;
        }
        case "{": {
          const before = this.pos;
          const r = this.parseRepeat();
          if (r === null) {
            this.literal(0x7b);
            this.pos++;
            break;
          }
          const [min, max, after] = r;
          if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max)) {
            throw new RegexpSyntaxError(ERR_INVALID_REPEAT_SIZE, this.s.slice(before, after));
          }
          this.pos = after;
          this.repeat(min, max, true, before, lastRepeat);
          repeat = before;
          break;
        }
        case "\\":
          this.parseBackslash();
          break;
        default:
          this.literal(this.cp());
          this.pos += this.width();
      }
      lastRepeat = repeat;
    }
    if (this.stack.length > 0) throw new RegexpSyntaxError(ERR_MISSING_PAREN, this.s);
    const root = this.alternate(this.frame);
    if (height(root) > 1000) throw new RegexpSyntaxError(ERR_NESTING_DEPTH, this.s);
    return root;
  }

  private push(n: Node): void {
    this.frame.cur.push(n);
  }

  private literal(cp: number): void {
    this.push({ t: "lit", cp, fold: (this.flags & FOLD_CASE) !== 0 });
  }

  private concat(): Node {
    const cur = this.frame.cur;
    return cur.length === 1 && cur[0] ? cur[0] : { t: "cat", subs: cur };
  }

  private alternate(f: Frame): Node {
    const last = this.concat();
    if (f.alts.length === 0) return last;
    return { t: "alt", subs: [...f.alts, last] };
  }

  private openGroup(cap: number, name: string): void {
    if (cap > 0) this.names[cap] = name;
    this.stack.push(this.frame);
    this.frame = { flags: this.flags, cap, alts: [], cur: [] };
  }

  private closeGroup(): void {
    const parent = this.stack.pop();
    if (!parent) throw new RegexpSyntaxError(ERR_UNEXPECTED_PAREN, this.s);
    const f = this.frame;
    const sub = this.alternate(f);
    this.flags = f.flags;
    this.frame = parent;
    this.push(f.cap > 0 ? { t: "cap", index: f.cap, sub } : sub);
  }

  /** Applies a repetition operator to the last node; the operator text ends at this.pos (before an optional '?'). */
  private repeat(min: number, max: number, counted: boolean, before: number, lastRepeat: number): void {
    let flags = this.flags;
    if (this.s[this.pos] === "?") {
      this.pos++;
      flags ^= NON_GREEDY;
    }
    if (lastRepeat >= 0) throw new RegexpSyntaxError(ERR_INVALID_REPEAT_OP, this.s.slice(lastRepeat, this.pos));
    const cur = this.frame.cur;
    const sub = cur.pop();
    if (!sub) throw new RegexpSyntaxError(ERR_MISSING_REPEAT_ARGUMENT, this.s.slice(before, this.pos));
    const re: Node = { t: "rep", min, max, greedy: (flags & NON_GREEDY) === 0, counted, sub };
    cur.push(re);
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(re, 1000)) {
      throw new RegexpSyntaxError(ERR_INVALID_REPEAT_SIZE, this.s.slice(before, this.pos));
    }
  }

  /** parseRepeat: {min}, {min,} or {min,max} at this.pos; [min, max, end] or null when it is not one. */
  private parseRepeat(): [number, number, number] | null {
    let i = this.pos + 1;
    const int = (): number | null => {
      const start = i;
      if (!isAsciiDigit(this.s[i])) return null;
      if (this.s[i] === "0" && isAsciiDigit(this.s[i + 1])) return null;
      while (isAsciiDigit(this.s[i])) i++;
      const digits = this.s.slice(start, i);
      return digits.length > 8 ? -1 : Number(digits);
    };
    let min = int();
    if (min === null || i >= this.s.length) return null;
    let max: number;
    if (this.s[i] !== ",") {
      max = min;
    } else {
      i++;
      if (i >= this.s.length) return null;
      if (this.s[i] === "}") {
        max = -1;
      } else {
        const m = int();
        if (m === null) return null;
        max = m;
        if (max < 0) min = -1;
      }
    }
    if (this.s[i] !== "}") return null;
    return [min, max, i + 1];
  }

  private parsePerlFlags(): void {
    const start = this.pos;
    const t = this.rest();
    const startsWithP = t.length > 4 && t[2] === "P" && t[3] === "<";
    const startsWithName = t.length > 3 && t[2] === "<";
    if (startsWithP || startsWithName) {
      const exprStart = startsWithP ? 4 : 3;
      const end = t.indexOf(">");
      if (end < 0) throw new RegexpSyntaxError(ERR_INVALID_NAMED_CAPTURE, t);
      const capture = t.slice(0, end + 1);
      const name = t.slice(exprStart, end);
      if (name === "" || !Array.from(name).every((ch) => ch === "_" || isAlnum(ch.codePointAt(0) ?? 0))) {
        throw new RegexpSyntaxError(ERR_INVALID_NAMED_CAPTURE, capture);
      }
      this.openGroup(++this.numCap, name);
      this.pos = start + end + 1;
      return;
    }
    let i = start + 2;
    let flags = this.flags;
    let sign = 1;
    let sawFlag = false;
    while (i < this.s.length) {
      const c = this.s[i] ?? "";
      i += this.width(i);
      switch (c) {
        case "i":
          flags = sign > 0 ? flags | FOLD_CASE : flags & ~FOLD_CASE;
          sawFlag = true;
          continue;
        case "m":
          flags = sign > 0 ? flags & ~ONE_LINE : flags | ONE_LINE;
          sawFlag = true;
          continue;
        case "s":
          flags = sign > 0 ? flags | DOT_NL : flags & ~DOT_NL;
          sawFlag = true;
          continue;
        case "U":
          flags = sign > 0 ? flags | NON_GREEDY : flags & ~NON_GREEDY;
          sawFlag = true;
          continue;
        case "-":
          if (sign < 0) break;
          sign = -1;
          sawFlag = false;
          continue;
        case ":":
        case ")":
          if (sign < 0 && !sawFlag) break;
          if (c === ":") this.openGroup(0, "");
          this.flags = flags;
          this.pos = i;
          return;
        default:
          break;
      }
      break;
    }
    throw new RegexpSyntaxError(ERR_INVALID_PERL_OP, this.s.slice(start, i));
  }

  private parseBackslash(): void {
    const next = this.s[this.pos + 1];
    switch (next) {
      case "A":
        this.push({ t: "empty", op: EMPTY_BEGIN_TEXT });
        this.pos += 2;
        return;
      case "b":
        this.push({ t: "empty", op: EMPTY_WORD_BOUNDARY });
        this.pos += 2;
        return;
      case "B":
        this.push({ t: "empty", op: EMPTY_NO_WORD_BOUNDARY });
        this.pos += 2;
        return;
      case "C":
        throw new RegexpSyntaxError(ERR_INVALID_ESCAPE, "\\C");
      case "Q": {
        const body = this.s.slice(this.pos + 2);
        const end = body.indexOf("\\E");
        const lit = end < 0 ? body : body.slice(0, end);
        for (const ch of lit) this.literal(ch.codePointAt(0) ?? 0);
        this.pos = end < 0 ? this.s.length : this.pos + 2 + end + 2;
        return;
      }
      case "z":
        this.push({ t: "empty", op: EMPTY_END_TEXT });
        this.pos += 2;
        return;
      default:
        break;
    }
    if (next === "p" || next === "P") {
      const item = this.parseUnicodeClass();
      if (item !== null) {
        this.push({ t: "class", src: `[${item}]`, fold: (this.flags & FOLD_CASE) !== 0 });
        return;
      }
    }
    const perl = this.parsePerlClassEscape();
    if (perl !== null) {
      this.push({ t: "class", src: `[${perl}]`, fold: (this.flags & FOLD_CASE) !== 0 });
      return;
    }
    this.literal(this.parseEscape());
  }

  /** \d \s \w \D \S \W at this.pos, as a class item, or null. */
  private parsePerlClassEscape(): string | null {
    const g = PERL_GROUPS[this.s.slice(this.pos, this.pos + 2)];
    if (!g) return null;
    this.pos += 2;
    return groupSrc(g);
  }

  /** \pN, \p{Name}, \PN, \P{^Name} at this.pos, as a class item, or null if this is not \p or \P. */
  private parseUnicodeClass(): string | null {
    const s = this.rest();
    if (s.length < 2 || s[0] !== "\\" || (s[1] !== "p" && s[1] !== "P")) return null;
    let sign = s[1] === "P" ? -1 : 1;
    const c = this.cp(this.pos + 2);
    let seq: string;
    let name: string;
    if (s.length < 3) {
      seq = s;
      name = "";
    } else if (c !== 0x7b) {
      seq = s.slice(0, 2 + (c > 0xffff ? 2 : 1));
      name = seq.slice(2);
    } else {
      const end = s.indexOf("}");
      if (end < 0) throw new RegexpSyntaxError(ERR_INVALID_CHAR_CLASS_RANGE, s);
      seq = s.slice(0, end + 1);
      name = s.slice(3, end);
    }
    if (name.startsWith("^")) {
      sign = -sign;
      name = name.slice(1);
    }
    const tab = unicodeTable(name);
    if (tab === null) throw new RegexpSyntaxError(ERR_INVALID_CHAR_CLASS_RANGE, seq);
    if (tab.sign < 0) sign = -sign;
    this.pos += seq.length;
    return sign > 0 ? tab.src : `[^${tab.src}]`;
  }

  /** An escape sequence at this.pos that stands for one rune. */
  private parseEscape(): number {
    const start = this.pos;
    let i = this.pos + 1;
    if (i >= this.s.length) throw new RegexpSyntaxError(ERR_TRAILING_BACKSLASH, "");
    const c = this.cp(i);
    i += c > 0xffff ? 2 : 1;
    const fail = (): never => {
      throw new RegexpSyntaxError(ERR_INVALID_ESCAPE, this.s.slice(start, i));
    };
    const ch = String.fromCodePoint(c);
    if (c < 0x80 && !isAlnum(c)) {
      this.pos = i;
      return c;
    }
    if (ch >= "1" && ch <= "7" && !isOctal(this.s[i])) return fail();
    if (ch >= "0" && ch <= "7") {
      let r = c - 0x30;
      for (let k = 1; k < 3 && isOctal(this.s[i]); k++) {
        r = r * 8 + (this.s.charCodeAt(i) - 0x30);
        i++;
      }
      this.pos = i;
      return r;
    }
    switch (ch) {
      case "x": {
        if (i >= this.s.length) return fail();
        let d = this.cp(i);
        i += d > 0xffff ? 2 : 1;
        if (d === 0x7b) {
          let nhex = 0;
          let r = 0;
          for (;;) {
            if (i >= this.s.length) return fail();
            d = this.cp(i);
            i += d > 0xffff ? 2 : 1;
            if (d === 0x7d) break;
            const v = unhex(d);
            if (v < 0) return fail();
            r = r * 16 + v;
            if (r > 0x10ffff) return fail();
            nhex++;
          }
          if (nhex === 0) return fail();
          this.pos = i;
          return r;
        }
        const x = unhex(d);
        if (i >= this.s.length) return fail();
        const e = this.cp(i);
        i += e > 0xffff ? 2 : 1;
        const y = unhex(e);
        if (x < 0 || y < 0) return fail();
        this.pos = i;
        return x * 16 + y;
      }
      case "a":
        this.pos = i;
        return 7;
      case "f":
        this.pos = i;
        return 12;
      case "n":
        this.pos = i;
        return 10;
      case "r":
        this.pos = i;
        return 13;
      case "t":
        this.pos = i;
        return 9;
      case "v":
        this.pos = i;
        return 11;
      default:
        return fail();
    }
  }

  /** One class character (possibly escaped) at this.pos. */
  private parseClassChar(wholeClass: number): number {
    if (this.pos >= this.s.length) throw new RegexpSyntaxError(ERR_MISSING_BRACKET, this.s.slice(wholeClass));
    if (this.s[this.pos] === "\\") return this.parseEscape();
    const c = this.cp();
    this.pos += this.width();
    return c;
  }

  private parseClass(): void {
    const start = this.pos;
    this.pos++;
    let negated = false;
    if (this.s[this.pos] === "^") {
      negated = true;
      this.pos++;
    }
    const items: string[] = [];
    let first = true;
    while (this.pos >= this.s.length || this.s[this.pos] !== "]" || first) {
      first = false;
      // POSIX [:alnum:] etc.
      if (this.s.length - this.pos > 2 && this.s.startsWith("[:", this.pos)) {
        const close = this.s.indexOf(":]", this.pos + 2);
        if (close >= 0) {
          const name = this.s.slice(this.pos, close + 2);
          const g = POSIX_GROUPS[name];
          if (!g) throw new RegexpSyntaxError(ERR_INVALID_CHAR_CLASS_RANGE, name);
          items.push(groupSrc(g));
          this.pos = close + 2;
          continue;
        }
      }
      const uni = this.parseUnicodeClass();
      if (uni !== null) {
        items.push(uni);
        continue;
      }
      const perl = this.parsePerlClassEscape();
      if (perl !== null) {
        items.push(perl);
        continue;
      }
      const rangeStart = this.pos;
      const lo = this.parseClassChar(start);
      let hi = lo;
      if (this.s.length - this.pos >= 2 && this.s[this.pos] === "-" && this.s[this.pos + 1] !== "]") {
        this.pos++;
        hi = this.parseClassChar(start);
        if (hi < lo) throw new RegexpSyntaxError(ERR_INVALID_CHAR_CLASS_RANGE, this.s.slice(rangeStart, this.pos));
      }
      items.push(rangesSrc([[lo, hi]]));
    }
    this.pos++;
    this.push({ t: "class", src: `[${negated ? "^" : ""}${items.join("")}]`, fold: (this.flags & FOLD_CASE) !== 0 });
  }
}

function repeatIsValid(re: Node, n: number): boolean {
  if (re.t === "rep" && re.counted) {
    let m = re.max;
    if (m === 0) return true;
    if (m < 0) m = re.min;
    if (m > n) return false;
    if (m > 0) n = Math.trunc(n / m);
  }
  switch (re.t) {
    case "cap":
    case "rep":
      return repeatIsValid(re.sub, n);
    case "cat":
    case "alt":
      return re.subs.every((s) => repeatIsValid(s, n));
    default:
      return true;
  }
}

function height(re: Node): number {
  switch (re.t) {
    case "cap":
    case "rep":
      return 1 + height(re.sub);
    case "cat":
      return re.subs.length === 1 && re.subs[0] ? height(re.subs[0]) : 1 + Math.max(0, ...re.subs.map(height));
    case "alt":
      return 1 + Math.max(0, ...re.subs.map(height));
    default:
      return 1;
  }
}

// ---------------------------------------------------------------------------
// Simplify (regexp/syntax's Simplify: counted repetitions become copies)

const EMPTY_MATCH: Node = { t: "cat", subs: [] };
const isEmptyMatch = (n: Node): boolean => n.t === "cat" && n.subs.length === 0;

type Kind = "star" | "plus" | "quest";

function kindOf(n: Node): Kind | null {
  if (n.t !== "rep" || n.counted) return null;
  if (n.min === 0 && n.max === -1) return "star";
  if (n.min === 1 && n.max === -1) return "plus";
  return "quest";
}

function simplify1(kind: Kind, greedy: boolean, sub: Node): Node {
  // x** is x*, and an empty match repeated is still empty.
  if (isEmptyMatch(sub)) return sub;
  if (sub.t === "rep" && kindOf(sub) === kind && sub.greedy === greedy) return sub;
  const [min, max] = kind === "star" ? [0, -1] : kind === "plus" ? [1, -1] : [0, 1];
  return { t: "rep", min, max, greedy, counted: false, sub };
}

function simplify(n: Node): Node {
  switch (n.t) {
    case "cap":
      return { ...n, sub: simplify(n.sub) };
    case "cat":
    case "alt":
      return { t: n.t, subs: n.subs.map(simplify) };
    case "rep": {
      const sub = simplify(n.sub);
      if (!n.counted) return simplify1(kindOf(n) ?? "quest", n.greedy, sub);
      if (n.min === 0 && n.max === 0) return EMPTY_MATCH;
      if (n.max === -1) {
        if (n.min === 0) return simplify1("star", n.greedy, sub);
        if (n.min === 1) return simplify1("plus", n.greedy, sub);
        return { t: "cat", subs: [...Array<Node>(n.min - 1).fill(sub), simplify1("plus", n.greedy, sub)] };
      }
      if (n.min === 1 && n.max === 1) return sub;
      const prefix: Node[] = Array<Node>(n.min).fill(sub);
      if (n.max > n.min) {
        let suffix = simplify1("quest", n.greedy, sub);
        for (let i = n.min + 1; i < n.max; i++) suffix = simplify1("quest", n.greedy, { t: "cat", subs: [sub, suffix] });
        if (prefix.length === 0) return suffix;
        prefix.push(suffix);
      }
      return { t: "cat", subs: prefix };
    }
    default:
      return n;
  }
}

// ---------------------------------------------------------------------------
// Character class matching: JavaScript's Unicode tables through a `v`-mode RegExp

type RuneMatcher = (r: number) => boolean;

const matchers = new Map<string, RuneMatcher>();
const MEMO_LIMIT = 4096;

function classMatcher(src: string, fold: boolean): RuneMatcher {
  const key = `${fold ? "i" : "-"}${src}`;
  let m = matchers.get(key);
  if (m) return m;
  const re = new RegExp(`^${fold ? `(?i:${src})` : src}$`, "v");
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  let memo = new Map<number, boolean>();
  m = (r) => {
    if (r < 0) return false;
    if (r < 128) return ascii[r] === 1;
    let v = memo.get(r);
    if (v === undefined) {
      v = re.test(String.fromCodePoint(r));
      if (memo.size >= MEMO_LIMIT) memo = new Map();
      memo.set(r, v);
    }
    return v;
  };
  matchers.set(key, m);
  return m;
}

// ---------------------------------------------------------------------------
// Compile (regexp/syntax's compiler, instruction for instruction)

const I_FAIL = 0;
const I_ALT = 1;
const I_CAPTURE = 2;
const I_EMPTY = 3;
const I_NOP = 4;
const I_MATCH = 5;
const I_RUNE = 6;
const I_RUNE1 = 7;
const I_ANY = 8;
const I_ANY_NOT_NL = 9;

interface Inst {
  op: number;
  out: number;
  arg: number;
  match: RuneMatcher | null;
}

interface Frag {
  i: number;
  /** Holes to patch: inst index << 1, | 1 for `arg` instead of `out`. */
  out: number[];
  nullable: boolean;
}

class Compiler {
  readonly insts: Inst[] = [{ op: I_FAIL, out: 0, arg: 0, match: null }];
  numCap = 2;

  private inst(op: number): Frag {
    this.insts.push({ op, out: 0, arg: 0, match: null });
    return { i: this.insts.length - 1, out: [], nullable: true };
  }

  patch(l: readonly number[], target: number): void {
    for (const h of l) {
      const inst = this.insts[h >> 1];
      if (!inst) continue;
      if (h & 1) inst.arg = target;
      else inst.out = target;
    }
  }

  private nop(): Frag {
    const f = this.inst(I_NOP);
    f.out = [f.i << 1];
    return f;
  }

  private cap(arg: number): Frag {
    const f = this.inst(I_CAPTURE);
    f.out = [f.i << 1];
    (this.insts[f.i] as Inst).arg = arg;
    if (this.numCap < arg + 1) this.numCap = arg + 1;
    return f;
  }

  private cat(f1: Frag, f2: Frag): Frag {
    if (f1.i === 0 || f2.i === 0) return { i: 0, out: [], nullable: false };
    this.patch(f1.out, f2.i);
    return { i: f1.i, out: f2.out, nullable: f1.nullable && f2.nullable };
  }

  private alt(f1: Frag, f2: Frag): Frag {
    if (f1.i === 0) return f2;
    if (f2.i === 0) return f1;
    const f = this.inst(I_ALT);
    const i = this.insts[f.i] as Inst;
    i.out = f1.i;
    i.arg = f2.i;
    f.out = [...f1.out, ...f2.out];
    f.nullable = f1.nullable || f2.nullable;
    return f;
  }

  private quest(f1: Frag, nongreedy: boolean): Frag {
    const f = this.inst(I_ALT);
    const i = this.insts[f.i] as Inst;
    if (nongreedy) {
      i.arg = f1.i;
      f.out = [f.i << 1];
    } else {
      i.out = f1.i;
      f.out = [(f.i << 1) | 1];
    }
    f.out = [...f.out, ...f1.out];
    return f;
  }

  private loop(f1: Frag, nongreedy: boolean): Frag {
    const f = this.inst(I_ALT);
    const i = this.insts[f.i] as Inst;
    if (nongreedy) {
      i.arg = f1.i;
      f.out = [f.i << 1];
    } else {
      i.out = f1.i;
      f.out = [(f.i << 1) | 1];
    }
    this.patch(f1.out, f.i);
    return f;
  }

  private star(f1: Frag, nongreedy: boolean): Frag {
    // A nullable body is compiled as (f1+)? to get the priority order right (golang.org/issue/46123).
    if (f1.nullable) return this.quest(this.plus(f1, nongreedy), nongreedy);
    return this.loop(f1, nongreedy);
  }

  private plus(f1: Frag, nongreedy: boolean): Frag {
    return { i: f1.i, out: this.loop(f1, nongreedy).out, nullable: f1.nullable };
  }

  private empty(op: number): Frag {
    const f = this.inst(I_EMPTY);
    (this.insts[f.i] as Inst).arg = op;
    f.out = [f.i << 1];
    return f;
  }

  private rune(op: number, arg: number, match: RuneMatcher | null): Frag {
    const f = this.inst(op);
    f.nullable = false;
    const i = this.insts[f.i] as Inst;
    i.arg = arg;
    i.match = match;
    f.out = [f.i << 1];
    return f;
  }

  compile(n: Node): Frag {
    switch (n.t) {
      case "lit":
        if (!n.fold) return this.rune(I_RUNE1, n.cp, null);
        return this.rune(I_RUNE, n.cp, classMatcher(litClass(n.cp), true));
      case "class":
        return this.rune(I_RUNE, 0, classMatcher(n.src, n.fold));
      case "dot":
        return this.rune(n.nl ? I_ANY : I_ANY_NOT_NL, 0, null);
      case "empty":
        return this.empty(n.op);
      case "cap": {
        const bra = this.cap(n.index << 1);
        const sub = this.compile(n.sub);
        const ket = this.cap((n.index << 1) | 1);
        return this.cat(this.cat(bra, sub), ket);
      }
      case "rep": {
        const sub = this.compile(n.sub);
        switch (kindOf(n)) {
          case "star":
            return this.star(sub, !n.greedy);
          case "plus":
            return this.plus(sub, !n.greedy);
          default:
            return this.quest(sub, !n.greedy);
        }
      }
      case "cat": {
        if (n.subs.length === 0) return this.nop();
        let f: Frag | null = null;
        for (const sub of n.subs) f = f === null ? this.compile(sub) : this.cat(f, this.compile(sub));
        return f ?? this.nop();
      }
      case "alt": {
        let f: Frag = { i: 0, out: [], nullable: false };
        for (const sub of n.subs) f = this.alt(f, this.compile(sub));
        return f;
      }
    }
  }
}

function litClass(cp: number): string {
  return `[${hex(cp)}]`;
}

// ---------------------------------------------------------------------------
// Execution: Go's NFA (a Pike VM), leftmost-first, linear in the input

const isWordChar = (r: number): boolean => (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || (r >= 0x30 && r <= 0x39) || r === 0x5f;

/** syntax.EmptyOpContext: the assertions that hold between runes r1 and r2 (-1 = edge of text). */
function emptyOpContext(r1: number, r2: number): number {
  let op = EMPTY_NO_WORD_BOUNDARY;
  let boundary = 0;
  if (isWordChar(r1)) boundary = 1;
  else if (r1 === 0x0a) op |= EMPTY_BEGIN_LINE;
  else if (r1 < 0) op |= EMPTY_BEGIN_TEXT | EMPTY_BEGIN_LINE;
  if (isWordChar(r2)) boundary ^= 1;
  else if (r2 === 0x0a) op |= EMPTY_END_LINE;
  else if (r2 < 0) op |= EMPTY_END_TEXT | EMPTY_END_LINE;
  if (boundary !== 0) op ^= EMPTY_WORD_BOUNDARY | EMPTY_NO_WORD_BOUNDARY;
  return op;
}

interface Thread {
  pc: number;
  cap: Int32Array;
}

class Queue {
  readonly sparse: Uint32Array;
  readonly densePc: number[] = [];
  readonly denseT: (Thread | null)[] = [];
  constructor(n: number) {
    this.sparse = new Uint32Array(n);
  }
  has(pc: number): boolean {
    const j = this.sparse[pc] ?? 0;
    return j < this.densePc.length && this.densePc[j] === pc;
  }
  clear(): void {
    this.densePc.length = 0;
    this.denseT.length = 0;
  }
}

export interface GoRegexp {
  /** The Go source pattern. */
  readonly expr: string;
  readonly insts: readonly Inst[];
  readonly start: number;
  readonly numCap: number;
  /** Capture group names by index ("" for unnamed; index 0 is the whole match). */
  readonly names: readonly string[];
}

/** The text being matched, as runes, with each rune's UTF-16 offset (and the end offset last). */
interface Input {
  s: string;
  runes: number[];
  offsets: number[];
}

function input(s: string): Input {
  const runes: number[] = [];
  const offsets: number[] = [];
  let off = 0;
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    runes.push(r);
    offsets.push(off);
    off += ch.length;
  }
  offsets.push(off);
  return { s, runes, offsets };
}

/** One leftmost-first match starting the search at rune position pos: the capture positions (in runes) or null. */
function execute(re: GoRegexp, inp: Input, pos: number): Int32Array | null {
  const rs = inp.runes;
  const insts = re.insts;
  let runq = new Queue(insts.length);
  let nextq = new Queue(insts.length);
  let matched = false;
  let matchcap = new Int32Array(re.numCap).fill(-1);
  const startcap = new Int32Array(re.numCap).fill(-1);

  const add = (q: Queue, pc0: number, at: number, cap: Int32Array, cond: number, t0: Thread | null): Thread | null => {
    let pc = pc0;
    let t = t0;
    for (;;) {
      if (pc === 0 || q.has(pc)) return t;
      const j = q.densePc.length;
      q.sparse[pc] = j;
      q.densePc.push(pc);
      q.denseT.push(null);
      const i = insts[pc] as Inst;
      switch (i.op) {
        case I_FAIL:
          return t;
        case I_ALT:
          t = add(q, i.out, at, cap, cond, t);
          pc = i.arg;
          continue;
        case I_EMPTY:
          if ((i.arg & ~cond) !== 0) return t;
          pc = i.out;
          continue;
        case I_NOP:
          pc = i.out;
          continue;
        case I_CAPTURE:
          if (i.arg < cap.length) {
            const old = cap[i.arg] ?? -1;
            cap[i.arg] = at;
            add(q, i.out, at, cap, cond, null);
            cap[i.arg] = old;
            return t;
          }
          pc = i.out;
          continue;
        default: {
          const nt: Thread = t ?? { pc, cap: new Int32Array(cap.length) };
          nt.pc = pc;
          if (nt.cap !== cap) nt.cap.set(cap);
          q.denseT[j] = nt;
          return null;
        }
      }
    }
  };

  let r = pos < rs.length ? (rs[pos] ?? -1) : -1;
  let r1 = r !== -1 && pos + 1 < rs.length ? (rs[pos + 1] ?? -1) : -1;
  let flag = emptyOpContext(pos > 0 ? (rs[pos - 1] ?? -1) : -1, r);
  for (;;) {
    if (runq.densePc.length === 0 && matched) break;
    if (!matched) {
      startcap[0] = pos;
      add(runq, re.start, pos, startcap, flag, null);
    }
    flag = emptyOpContext(r, r1);
    // step: every thread consumes r.
    const nextPos = r === -1 ? pos : pos + 1;
    for (let j = 0; j < runq.densePc.length; j++) {
      const t = runq.denseT[j];
      if (!t) continue;
      const i = insts[t.pc] as Inst;
      let ok = false;
      switch (i.op) {
        case I_MATCH:
          t.cap[1] = pos;
          matchcap = t.cap.slice();
          // First-match mode: lower-priority threads are cut off.
          runq.clear();
          matched = true;
          break;
        case I_RUNE:
          ok = r !== -1 && (i.match?.(r) ?? false);
          break;
        case I_RUNE1:
          ok = r === i.arg;
          break;
        case I_ANY:
          ok = r !== -1;
          break;
        case I_ANY_NOT_NL:
          ok = r !== -1 && r !== 0x0a;
          break;
        default:
          break;
      }
      if (ok) add(nextq, i.out, nextPos, t.cap, flag, null);
    }
    runq.clear();
    if (r === -1) break;
    pos++;
    r = r1;
    r1 = r !== -1 && pos + 1 < rs.length ? (rs[pos + 1] ?? -1) : -1;
    [runq, nextq] = [nextq, runq];
  }
  return matched ? matchcap : null;
}

const cache = new Map<string, GoRegexp | RegexpSyntaxError>();
const CACHE_LIMIT = 1000;

/** regexp.Compile: the compiled regexp, or throws RegexpSyntaxError with Go's message. */
export function compile(expr: string): GoRegexp {
  let c = cache.get(expr);
  if (c === undefined) {
    try {
      const p = new Parser(expr);
      const root = simplify(p.parse());
      const comp = new Compiler();
      const f = comp.compile(root);
      comp.patch(f.out, comp.insts.length);
      comp.insts.push({ op: I_MATCH, out: 0, arg: 0, match: null });
      c = { expr, insts: comp.insts, start: f.i, numCap: comp.numCap, names: p.names };
    } catch (e) {
      if (!(e instanceof RegexpSyntaxError)) throw e;
      c = e;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(expr, c);
  }
  if (c instanceof RegexpSyntaxError) throw c;
  return c;
}

/** regexp.MustCompile's panic text for a pattern that does not compile. */
export function mustCompileMessage(expr: string, err: RegexpSyntaxError): string {
  return `regexp: Compile(${canBackquote(expr) ? `\`${expr}\`` : quote(expr)}): ${err.message}`;
}

/** The text of submatch i of a match, or undefined when the group did not participate. */
function submatch(inp: Input, m: Int32Array, i: number): string | undefined {
  const a = m[2 * i] ?? -1;
  const b = m[2 * i + 1] ?? -1;
  if (a < 0 || b < 0) return undefined;
  return inp.s.slice(inp.offsets[a], inp.offsets[b]);
}

/** Regexp.allMatches: up to n (n < 0: all) successive non-overlapping matches. */
function allMatches(re: GoRegexp, inp: Input, n: number): Int32Array[] {
  const out: Int32Array[] = [];
  const end = inp.runes.length;
  if (n < 0) n = end + 1;
  let prevMatchEnd = -1;
  for (let pos = 0; out.length < n && pos <= end; ) {
    const m = execute(re, inp, pos);
    if (!m) break;
    const [mStart = 0, mEnd = 0] = m;
    let accept = true;
    if (mEnd === pos) {
      // An empty match right after the previous match is ignored.
      if (mStart === prevMatchEnd) accept = false;
      pos++;
    } else {
      pos = mEnd;
    }
    prevMatchEnd = mEnd;
    if (accept) out.push(m);
  }
  return out;
}

export function matchString(re: GoRegexp, s: string): boolean {
  return execute(re, input(s), 0) !== null;
}

export function findString(re: GoRegexp, s: string): string {
  const inp = input(s);
  const m = execute(re, inp, 0);
  return m ? (submatch(inp, m, 0) ?? "") : "";
}

export function findAllString(re: GoRegexp, s: string, n: number): string[] {
  const inp = input(s);
  return allMatches(re, inp, n).map((m) => submatch(inp, m, 0) ?? "");
}

/** Regexp.Split. */
export function split(re: GoRegexp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (re.expr.length > 0 && s.length === 0) return [""];
  const inp = input(s);
  const off = (i: number): number => inp.offsets[i] ?? s.length;
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of allMatches(re, inp, n)) {
    if (n > 0 && out.length === n - 1) break;
    const [mStart = 0, mEnd = 0] = m;
    end = mStart;
    if (mEnd !== 0) out.push(s.slice(off(beg), off(end)));
    beg = mEnd;
  }
  if (end !== inp.runes.length) out.push(s.slice(off(beg)));
  return out;
}

/** Regexp.expand's $name / ${name} parsing. */
function extract(str: string): { name: string; num: number; rest: string } | null {
  if (str === "") return null;
  let brace = false;
  if (str.startsWith("{")) {
    brace = true;
    str = str.slice(1);
  }
  let i = 0;
  while (i < str.length) {
    const r = str.codePointAt(i) ?? 0;
    if (!isLetter(r) && !isDigit(r) && r !== 0x5f) break;
    i += r > 0xffff ? 2 : 1;
  }
  if (i === 0) return null;
  const name = str.slice(0, i);
  if (brace) {
    if (i >= str.length || str[i] !== "}") return null;
    i++;
  }
  let num = 0;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c < 0x30 || c > 0x39 || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + c - 0x30;
  }
  if (name[0] === "0" && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}

function expand(re: GoRegexp, template: string, inp: Input, m: Int32Array): string {
  let out = "";
  for (;;) {
    const dollar = template.indexOf("$");
    if (dollar < 0) break;
    out += template.slice(0, dollar);
    template = template.slice(dollar + 1);
    if (template.startsWith("$")) {
      out += "$";
      template = template.slice(1);
      continue;
    }
    const x = extract(template);
    if (x === null) {
      out += "$";
      continue;
    }
    template = x.rest;
    if (x.num >= 0) {
      if (2 * x.num + 1 < m.length) out += submatch(inp, m, x.num) ?? "";
    } else {
      for (let i = 0; i < re.names.length; i++) {
        const g = submatch(inp, m, i);
        if (re.names[i] === x.name && g !== undefined) {
          out += g;
          break;
        }
      }
    }
  }
  return out + template;
}

/** Regexp.ReplaceAllString (literal: ReplaceAllLiteralString). */
export function replaceAll(re: GoRegexp, src: string, repl: string, literal: boolean): string {
  const inp = input(src);
  const off = (i: number): number => inp.offsets[i] ?? src.length;
  const end = inp.runes.length;
  let out = "";
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= end) {
    const m = execute(re, inp, searchPos);
    if (!m) break;
    const [mStart = 0, mEnd = 0] = m;
    out += src.slice(off(lastMatchEnd), off(mStart));
    // No replacement for an empty match right after the previous one.
    if (mEnd > lastMatchEnd || mStart === 0) out += literal ? repl : expand(re, repl, inp, m);
    lastMatchEnd = mEnd;
    const width = searchPos < end ? 1 : 0;
    if (searchPos + width > mEnd) searchPos += width;
    else if (searchPos + 1 > mEnd) searchPos++;
    else searchPos = mEnd;
  }
  return out + src.slice(off(lastMatchEnd));
}

const SPECIAL = new Set("\\.+*?()|[]{}^$");

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  let out = "";
  for (const ch of s) out += SPECIAL.has(ch) ? `\\${ch}` : ch;
  return out;
}
