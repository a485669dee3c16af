/**
 * Go's encoding/json Unmarshal into interface{}: the syntax check of Go's
 * scanner (with its exact error messages, byte by byte), then decoding:
 * objects become maps, numbers float64, strings with Go's handling of
 * invalid escapes and surrogates.
 */
import { quote, utf8 } from "../../template/index.ts";

/** Go's *json.SyntaxError message for the first error in `data`, or undefined when `data` is valid JSON. */
export function jsonSyntaxError(data: Uint8Array): string | undefined {
  return new Scanner().check(data);
}

/** Go's quoteChar: the offending byte as a quoted character (a byte ≥ 0x80 reads as U+0080–U+00FF). */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  return `'${quote(String.fromCharCode(c)).slice(1, -1)}'`;
}

const PARSE_OBJECT_KEY = 0;
const PARSE_OBJECT_VALUE = 1;
const PARSE_ARRAY_VALUE = 2;
const MAX_NESTING_DEPTH = 10000;

type Step = (c: number) => void;

class SyntaxErr extends Error {}

/** A port of encoding/json's scanner, used only to find the first syntax error. */
class Scanner {
  private step: Step = (c) => { this.stateBeginValue(c); };
  private readonly parseState: number[] = [];
  private endTop = false;

  private err(c: number, context: string): never {
    throw new SyntaxErr(`invalid character ${quoteChar(c)} ${context}`);
  }

  check(data: Uint8Array): string | undefined {
    try {
      for (const c of data) this.step(c);
      // At EOF Go feeds a space, which completes a pending number or literal.
      if (this.done()) return undefined;
      this.step(0x20);
      if (this.done()) return undefined;
      return "unexpected end of JSON input";
    } catch (e) {
      if (e instanceof SyntaxErr) return e.message;
      throw e;
    }
  }

  private done(): boolean {
    return this.endTop;
  }

  private static isSpace(c: number): boolean {
    return c <= 0x20 && (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a);
  }

  private push(s: number, c: number): void {
    this.parseState.push(s);
    if (this.parseState.length > MAX_NESTING_DEPTH) this.err(c, "exceeded max depth");
  }

  private pop(): void {
    this.parseState.pop();
    if (this.parseState.length === 0) {
      this.step = (c) => { this.stateEndTop(c); };
      this.endTop = true;
    } else this.step = (c) => { this.stateEndValue(c); };
  }

  private stateBeginValueOrEmpty(c: number): void {
    if (Scanner.isSpace(c)) return;
    if (c === 0x5d) {
      this.stateEndValue(c);
      return;
    }
    this.stateBeginValue(c);
  }

  private stateBeginValue(c: number): void {
    if (Scanner.isSpace(c)) return;
    switch (c) {
      case 0x7b: // {
        this.step = (x) => { this.stateBeginStringOrEmpty(x); };
        this.push(PARSE_OBJECT_KEY, c);
        return;
      case 0x5b: // [
        this.step = (x) => { this.stateBeginValueOrEmpty(x); };
        this.push(PARSE_ARRAY_VALUE, c);
        return;
      case 0x22: // "
        this.step = (x) => { this.stateInString(x); };
        return;
      case 0x2d: // -
        this.step = (x) => { this.stateNeg(x); };
        return;
      case 0x30: // 0
        this.step = (x) => { this.state0(x); };
        return;
      case 0x74: // t
        this.step = this.literal("true", 1);
        return;
      case 0x66: // f
        this.step = this.literal("false", 1);
        return;
      case 0x6e: // n
        this.step = this.literal("null", 1);
        return;
      default:
        break;
    }
    if (c >= 0x31 && c <= 0x39) {
      this.step = (x) => { this.state1(x); };
      return;
    }
    this.err(c, "looking for beginning of value");
  }

  private stateBeginStringOrEmpty(c: number): void {
    if (Scanner.isSpace(c)) return;
    if (c === 0x7d) {
      this.parseState[this.parseState.length - 1] = PARSE_OBJECT_VALUE;
      this.stateEndValue(c);
      return;
    }
    this.stateBeginString(c);
  }

  private stateBeginString(c: number): void {
    if (Scanner.isSpace(c)) return;
    if (c === 0x22) {
      this.step = (x) => { this.stateInString(x); };
      return;
    }
    this.err(c, "looking for beginning of object key string");
  }

  private stateEndValue(c: number): void {
    const n = this.parseState.length;
    if (n === 0) {
      this.step = (x) => { this.stateEndTop(x); };
      this.endTop = true;
      this.stateEndTop(c);
      return;
    }
    if (Scanner.isSpace(c)) {
      this.step = (x) => { this.stateEndValue(x); };
      return;
    }
    const ps = this.parseState[n - 1];
    switch (ps) {
      case PARSE_OBJECT_KEY:
        if (c === 0x3a) {
          this.parseState[n - 1] = PARSE_OBJECT_VALUE;
          this.step = (x) => { this.stateBeginValue(x); };
          return;
        }
        this.err(c, "after object key");
        break;
      case PARSE_OBJECT_VALUE:
        if (c === 0x2c) {
          this.parseState[n - 1] = PARSE_OBJECT_KEY;
          this.step = (x) => { this.stateBeginString(x); };
          return;
        }
        if (c === 0x7d) {
          this.pop();
          return;
        }
        this.err(c, "after object key:value pair");
        break;
      case PARSE_ARRAY_VALUE:
        if (c === 0x2c) {
          this.step = (x) => { this.stateBeginValue(x); };
          return;
        }
        if (c === 0x5d) {
          this.pop();
          return;
        }
        this.err(c, "after array element");
        break;
      default:
        break;
    }
  }

  private stateEndTop(c: number): void {
    if (!Scanner.isSpace(c)) this.err(c, "after top-level value");
  }

  private stateInString(c: number): void {
    if (c === 0x22) {
      this.step = (x) => { this.stateEndValue(x); };
      return;
    }
    if (c === 0x5c) {
      this.step = (x) => { this.stateInStringEsc(x); };
      return;
    }
    if (c < 0x20) this.err(c, "in string literal");
  }

  private stateInStringEsc(c: number): void {
    switch (c) {
      case 0x62:
      case 0x66:
      case 0x6e:
      case 0x72:
      case 0x74:
      case 0x5c:
      case 0x2f:
      case 0x22:
        this.step = (x) => { this.stateInString(x); };
        return;
      case 0x75:
        this.step = this.hexEscape(4);
        return;
      default:
        this.err(c, "in string escape code");
    }
  }

  private hexEscape(left: number): Step {
    return (c) => {
      const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
      if (!hex) this.err(c, "in \\u hexadecimal character escape");
      this.step = left === 1 ? (x) => { this.stateInString(x); } : this.hexEscape(left - 1);
    };
  }

  private stateNeg(c: number): void {
    if (c === 0x30) {
      this.step = (x) => { this.state0(x); };
      return;
    }
    if (c >= 0x31 && c <= 0x39) {
      this.step = (x) => { this.state1(x); };
      return;
    }
    this.err(c, "in numeric literal");
  }

  private state1(c: number): void {
    if (c >= 0x30 && c <= 0x39) return;
    this.state0(c);
  }

  private state0(c: number): void {
    if (c === 0x2e) {
      this.step = (x) => { this.stateDot(x); };
      return;
    }
    if (c === 0x65 || c === 0x45) {
      this.step = (x) => { this.stateE(x); };
      return;
    }
    this.stateEndValue(c);
  }

  private stateDot(c: number): void {
    if (c >= 0x30 && c <= 0x39) {
      this.step = (x) => { this.stateDot0(x); };
      return;
    }
    this.err(c, "after decimal point in numeric literal");
  }

  private stateDot0(c: number): void {
    if (c >= 0x30 && c <= 0x39) return;
    if (c === 0x65 || c === 0x45) {
      this.step = (x) => { this.stateE(x); };
      return;
    }
    this.stateEndValue(c);
  }

  private stateE(c: number): void {
    if (c === 0x2b || c === 0x2d) {
      this.step = (x) => { this.stateESign(x); };
      return;
    }
    this.stateESign(c);
  }

  private stateESign(c: number): void {
    if (c >= 0x30 && c <= 0x39) {
      this.step = (x) => { this.stateE0(x); };
      return;
    }
    this.err(c, "in exponent of numeric literal");
  }

  private stateE0(c: number): void {
    if (c >= 0x30 && c <= 0x39) return;
    this.stateEndValue(c);
  }

  private literal(word: string, i: number): Step {
    return (c) => {
      const want = word.charCodeAt(i);
      if (c !== want) this.err(c, `in literal ${word} (expecting ${quoteChar(want)})`);
      this.step = i + 1 === word.length ? (x) => { this.stateEndValue(x); } : this.literal(word, i + 1);
    };
  }
}

/** The result of json.Unmarshal into interface{}: the value and the first (type) error, if any. */
export interface Decoded {
  value: unknown;
  /** Go's error message: a syntax error (then `value` is undefined) or a number out of float64 range. */
  error?: string;
  syntax?: boolean;
}

/**
 * json.Unmarshal(data, &v) with v interface{}: objects are Map<string,
 * unknown>, arrays unknown[], numbers float64. A number out of float64's
 * range is nil and reported as Go's UnmarshalTypeError.
 */
export function unmarshalJson(text: string): Decoded {
  const data = utf8(text);
  const syntax = jsonSyntaxError(data);
  if (syntax !== undefined) return { value: undefined, error: syntax, syntax: true };
  const p = new Builder(text.toWellFormed());
  const value = p.value();
  return p.error === undefined ? { value } : { value, error: p.error };
}

/** Builds values from text already known to be valid JSON. */
class Builder {
  private i = 0;
  error: string | undefined;
  private readonly s: string;
  constructor(s: string) {
    this.s = s;
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  /** The value at the current position (iterative: nesting may be 10000 deep). */
  value(): unknown {
    const s = this.s;
    // Open containers; for objects, the key whose value is being read.
    const stack: { c: Map<string, unknown> | unknown[]; key: string }[] = [];
    for (;;) {
      this.ws();
      let v: unknown;
      const c = s[this.i];
      if (c === "{" || c === "[") {
        this.i++;
        this.ws();
        const obj = c === "{";
        const container = obj ? new Map<string, unknown>() : [];
        if (s[this.i] === (obj ? "}" : "]")) {
          this.i++;
          v = container;
        } else {
          let key = "";
          if (obj) {
            key = this.string();
            this.ws();
            this.i++; // ':'
          }
          stack.push({ c: container, key });
          continue;
        }
      } else if (c === '"') v = this.string();
      else if (c === "t") {
        this.i += 4;
        v = true;
      } else if (c === "f") {
        this.i += 5;
        v = false;
      } else if (c === "n") {
        this.i += 4;
        v = null;
      } else v = this.number();
      // Store v in the innermost container; close containers that end here.
      for (;;) {
        const top = stack.at(-1);
        if (top === undefined) return v;
        if (top.c instanceof Map) top.c.set(top.key, v);
        else top.c.push(v);
        this.ws();
        const sep = s[this.i++];
        if (sep === ",") {
          if (top.c instanceof Map) {
            this.ws();
            top.key = this.string();
            this.ws();
            this.i++; // ':'
          }
          break;
        }
        stack.pop();
        v = top.c;
      }
    }
  }

  private number(): number | null {
    const s = this.s;
    const start = this.i;
    while (this.i < s.length && /[-+0-9.eE]/.test(s[this.i] ?? "")) this.i++;
    const text = s.slice(start, this.i);
    const f = Number(text);
    if (!Number.isFinite(f)) {
      this.error ??= `json: cannot unmarshal number ${text} into Go value of type float64`;
      return null;
    }
    return f;
  }

  /** A string literal, unquoted as Go does: bad surrogates become U+FFFD. */
  private string(): string {
    const s = this.s;
    this.i++; // opening quote
    let out = "";
    let start = this.i;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(start, this.i);
      const e = s[this.i + 1];
      this.i += 2;
      switch (e) {
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u": {
          let r = parseInt(s.slice(this.i, this.i + 4), 16);
          this.i += 4;
          if (r >= 0xd800 && r <= 0xdfff) {
            // A surrogate must be followed by its low half as another \u escape.
            const lo = r <= 0xdbff && s[this.i] === "\\" && s[this.i + 1] === "u" ? parseInt(s.slice(this.i + 2, this.i + 6), 16) : -1;
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              r = (r - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
              this.i += 6;
            } else r = 0xfffd;
          }
          out += String.fromCodePoint(r);
          break;
        }
        default:
          out += e ?? "";
      }
      start = this.i;
    }
  }
}
