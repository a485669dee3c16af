/**
 * go-yaml's implicit tag resolution of plain scalars (resolve.go), in its
 * v2 flavour (YAML 1.1 booleans such as `yes`/`on`, used by toYaml's
 * quoting decisions and by fromYaml) and v3 flavour (toYamlPretty).
 */

export type ResolvedTag = Resolved["tag"];

/** A resolved scalar: Go's int/int64 as bigint (with uint64 marked), float64, bool, nil or string. */
export type Resolved =
  | { tag: "str"; value: string }
  | { tag: "bool"; value: boolean }
  | { tag: "null"; value: null }
  | { tag: "int"; value: bigint; unsigned: boolean }
  | { tag: "float"; value: number }
  | { tag: "timestamp"; value: string };

const BOOL_TRUE_V2 = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
const BOOL_FALSE_V2 = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

function table(v3: boolean): Map<string, Resolved> {
  const m = new Map<string, Resolved>();
  const t: Resolved = { tag: "bool", value: true };
  const f: Resolved = { tag: "bool", value: false };
  for (const s of v3 ? ["true", "True", "TRUE"] : BOOL_TRUE_V2) m.set(s, t);
  for (const s of v3 ? ["false", "False", "FALSE"] : BOOL_FALSE_V2) m.set(s, f);
  for (const s of ["", "~", "null", "Null", "NULL"]) m.set(s, { tag: "null", value: null });
  for (const s of [".nan", ".NaN", ".NAN"]) m.set(s, { tag: "float", value: NaN });
  for (const s of [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]) m.set(s, { tag: "float", value: Infinity });
  for (const s of ["-.inf", "-.Inf", "-.INF"]) m.set(s, { tag: "float", value: -Infinity });
  return m;
}

const TABLE_V2 = table(false);
const TABLE_V3 = table(true);

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseUint(s, 0, 64) on a string without underscores; undefined on error. */
function parseUint0(s: string): bigint | undefined {
  if (s === "") return undefined;
  let base = 10;
  let body = s;
  if (s[0] === "0") {
    const p = s.length >= 3 ? s[1]?.toLowerCase() : undefined;
    if (p === "b") base = 2;
    else if (p === "o") base = 8;
    else if (p === "x") base = 16;
    if (base !== 10) body = s.slice(2);
    else {
      base = 8;
      body = s.slice(1);
    }
  }
  const re = base === 16 ? /^[0-9a-fA-F]*$/ : base === 8 ? /^[0-7]*$/ : base === 2 ? /^[01]*$/ : /^[0-9]*$/;
  if (!re.test(body)) return undefined;
  if (body === "") return base === 8 ? 0n : undefined;
  const v = BigInt((base === 16 ? "0x" : base === 8 ? "0o" : base === 2 ? "0b" : "") + body);
  return v > UINT64_MAX ? undefined : v;
}

/** strconv.ParseInt(s, 0, 64) on a string without underscores; undefined on error. */
function parseInt0(s: string): bigint | undefined {
  if (s === "") return undefined;
  let neg = false;
  let body = s;
  if (s[0] === "+" || s[0] === "-") {
    neg = s[0] === "-";
    body = s.slice(1);
  }
  const u = parseUint0(body);
  if (u === undefined) return undefined;
  if (!neg && u > INT64_MAX) return undefined;
  if (neg && u > -INT64_MIN) return undefined;
  return neg ? -u : u;
}

/** strconv.ParseInt(s, 2, 64) / ParseUint(s, 2, 64). */
function parseBinary(s: string, signed: boolean): bigint | undefined {
  let body = s;
  let neg = false;
  if (signed && (body[0] === "+" || body[0] === "-")) {
    neg = body[0] === "-";
    body = body.slice(1);
  }
  if (!/^[01]+$/.test(body)) return undefined;
  let v = BigInt(`0b${body}`);
  if (neg) v = -v;
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return undefined;
  return v;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseFloat for the decimal syntax YAML_STYLE_FLOAT admits; undefined on overflow. */
function parseDecimalFloat(s: string): number | undefined {
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

/**
 * strconv.ParseFloat(s, 64) for a string that starts with '.': Go's float
 * syntax with underscores between digits. undefined on error.
 */
function parseDotFloat(s: string): number | undefined {
  if (!/^\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?$/.test(s)) return undefined;
  return parseDecimalFloat(s.replaceAll("_", ""));
}

function intResult(v: bigint, unsigned: boolean): Resolved {
  return { tag: "int", value: v, unsigned };
}

/**
 * resolve("", in): the tag and value go-yaml gives an untagged plain
 * scalar. Timestamps are reported with their text (go-yaml decodes them
 * into interface{} as strings).
 */
export function resolvePlain(s: string, v3: boolean): Resolved {
  const c = s.charCodeAt(0);
  // resolveTable hints: sign, digit, one of "yYnNtTfFoO~", or '.'.
  let hint: "S" | "D" | "M" | "." | "" = "";
  if (s === "") hint = "M";
  else if (c === 0x2b || c === 0x2d) hint = "S";
  else if (c >= 0x30 && c <= 0x39) hint = "D";
  else if ("yYnNtTfFoO~".includes(s[0] ?? "")) hint = "M";
  else if (c === 0x2e) hint = ".";
  if (hint === "") return { tag: "str", value: s };
  const item = (v3 ? TABLE_V3 : TABLE_V2).get(s);
  if (item !== undefined) return item;
  if (hint === ".") {
    const f = parseDotFloat(s);
    return f === undefined ? { tag: "str", value: s } : { tag: "float", value: f };
  }
  if (hint === "D" || hint === "S") {
    if (isTimestamp(s)) return { tag: "timestamp", value: s };
    const plain = s.replaceAll("_", "");
    const i = parseInt0(plain);
    if (i !== undefined) return intResult(i, false);
    const u = parseUint0(plain);
    if (u !== undefined) return intResult(u, true);
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseDecimalFloat(plain);
      if (f !== undefined) return { tag: "float", value: f };
    }
    if (plain.startsWith("0b")) {
      const b = parseBinary(plain.slice(2), true) ?? parseBinary(plain.slice(2), false);
      if (b !== undefined) return intResult(b, b > INT64_MAX);
    } else if (plain.startsWith("-0b")) {
      const b = parseBinary(`-${plain.slice(3)}`, true);
      if (b !== undefined) return intResult(b, false);
    }
    if (v3) {
      if (plain.startsWith("0o")) {
        const b = parseOctal(plain.slice(2), true) ?? parseOctal(plain.slice(2), false);
        if (b !== undefined) return intResult(b, b > INT64_MAX);
      } else if (plain.startsWith("-0o")) {
        const b = parseOctal(`-${plain.slice(3)}`, true);
        if (b !== undefined) return intResult(b, false);
      }
    }
  }
  return { tag: "str", value: s };
}

function parseOctal(s: string, signed: boolean): bigint | undefined {
  let body = s;
  let neg = false;
  if (signed && (body[0] === "+" || body[0] === "-")) {
    neg = body[0] === "-";
    body = body.slice(1);
  }
  if (!/^[0-7]+$/.test(body)) return undefined;
  let v = BigInt(`0o${body}`);
  if (neg) v = -v;
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return undefined;
  return v;
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** go-yaml's isBase60Float: YAML 1.1 sexagesimal numbers, quoted on output. */
export function isBase60Float(s: string): boolean {
  if (s === "") return false;
  const c = s[0] ?? "";
  if (!(c === "+" || c === "-" || (c >= "0" && c <= "9")) || !s.includes(":")) return false;
  return BASE60_FLOAT.test(s);
}

/** go-yaml v3's isOldBool: YAML 1.1 booleans that v3 still quotes. */
export function isOldBool(s: string): boolean {
  switch (s) {
    case "y":
    case "Y":
    case "yes":
    case "Yes":
    case "YES":
    case "on":
    case "On":
    case "ON":
    case "n":
    case "N":
    case "no":
    case "No":
    case "NO":
    case "off":
    case "Off":
    case "OFF":
      return true;
    default:
      return false;
  }
}

/**
 * Whether an untagged plain scalar `s` would read back as a string: the
 * encoder's test for writing a string unquoted (before the emitter's own
 * checks).
 */
export function canUsePlain(s: string, v3: boolean): boolean {
  // Only strings starting with a sign, a digit, '.', '~' or one of
  // "yYnNtTfFoO" can resolve to something else (or be base-60 / old booleans).
  if (s !== "" && !/^[-+0-9.~yYnNtTfFoO]/.test(s)) return true;
  return resolvePlain(s, v3).tag === "str" && !isBase60Float(s) && !(v3 && isOldBool(s));
}

// ---------------------------------------------------------------------------
// go-yaml's parseTimestamp: time.Parse with four layouts.

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** time's getnum: one or two digits (two when fixed). Returns [value, rest] or undefined. */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  if (!isDigitAt(s, 1)) {
    if (fixed) return undefined;
    return [s.charCodeAt(0) - 0x30, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 0x30) * 10 + (s.charCodeAt(1) - 0x30), s.slice(2)];
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

type Layout = "T" | "t" | " " | "date";

function parseLayout(s: string, layout: Layout): boolean {
  // "2006-1-2"
  if (s.length < 4 || !isDigitAt(s, 0)) return false;
  const year = Number(s.slice(0, 4));
  if (!/^[0-9]{4}$/.test(s.slice(0, 4))) return false;
  let v = s.slice(4);
  const lit = (p: string): boolean => {
    if (!v.startsWith(p)) return false;
    v = v.slice(p.length);
    return true;
  };
  if (!lit("-")) return false;
  const mo = getnum(v, false);
  if (mo === undefined) return false;
  const month = mo[0];
  v = mo[1];
  if (month <= 0 || month > 12) return false;
  if (!lit("-")) return false;
  const dd = getnum(v, false);
  if (dd === undefined) return false;
  const day = dd[0];
  v = dd[1];
  if (layout !== "date") {
    if (layout === " ") {
      // A space in the layout matches one or more spaces (or the end).
      if (v.length > 0 && v[0] !== " ") return false;
      v = v.replace(/^ +/, "");
    } else if (!lit(layout)) return false;
    const hh = getnum(v, false);
    if (hh === undefined || hh[0] >= 24) return false;
    v = hh[1];
    if (!lit(":")) return false;
    const mm = getnum(v, false);
    if (mm === undefined || mm[0] >= 60) return false;
    v = mm[1];
    if (!lit(":")) return false;
    const ss = getnum(v, false);
    if (ss === undefined || ss[0] >= 60) return false;
    v = ss[1];
    // .999999999: optional fraction, any number of digits, '.' or ','.
    if (v.length >= 2 && (v[0] === "." || v[0] === ",") && isDigitAt(v, 1)) {
      let i = 1;
      while (isDigitAt(v, i)) i++;
      v = v.slice(i);
    }
    if (layout !== " ") {
      // Z07:00
      if (v[0] === "Z") v = v.slice(1);
      else {
        if (v.length < 6 || v[3] !== ":") return false;
        const sign = v[0];
        const hr = getnum(v.slice(1, 3), true);
        const mn = getnum(v.slice(4, 6), true);
        if (hr === undefined || mn === undefined || hr[0] > 24 || mn[0] > 60) return false;
        if (sign !== "+" && sign !== "-") return false;
        v = v.slice(6);
      }
    }
  }
  if (v.length !== 0) return false;
  return day >= 1 && day <= daysIn(month, year);
}

/** go-yaml's parseTimestamp (the formats of http://yaml.org/type/timestamp.html that it accepts). */
export function isTimestamp(s: string): boolean {
  let i = 0;
  while (i < s.length && isDigitAt(s, i)) i++;
  if (i !== 4 || i === s.length || s[i] !== "-") return false;
  return parseLayout(s, "T") || parseLayout(s, "t") || parseLayout(s, " ") || parseLayout(s, "date");
}
