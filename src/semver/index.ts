/**
 * Semantic versions and version constraints, compatible with
 * github.com/Masterminds/semver/v3 v3.4.0 (the library Helm 4.1.4 and Sprig
 * use): the same lenient parsing (`NewVersion`, with its default
 * `CoerceNewVersion = true`), strict parsing (`StrictNewVersion`), ordering
 * (prereleases below releases, numeric identifiers below alphanumeric ones),
 * constraint syntax and matching (operators, `x`/`X`/`*` wildcards, `~`, `^`,
 * hyphen ranges, `,`/space AND, `||` OR, and 3.4.0's prerelease rules), and
 * the same error messages.
 *
 * Used by the template functions `semver`/`semverCompare` and to resolve
 * chart version constraints against registry tags.
 */

/** A parse error, with Masterminds' message. */
export class SemverError extends Error {
  override name = "SemverError";
}

export const ERR_INVALID_SEMVER = "invalid semantic version";
export const ERR_EMPTY_STRING = "version string empty";
export const ERR_INVALID_CHARACTERS = "invalid characters in version";
export const ERR_SEGMENT_STARTS_ZERO = "version segment starts with 0";
export const ERR_INVALID_METADATA = "invalid metadata string";
export const ERR_INVALID_PRERELEASE = "invalid prerelease string";

const UINT64_MAX = (1n << 64n) - 1n;

/** Go's `\s` (RE2, ASCII only). */
const S = "[\\t\\n\\f\\r ]";

const LOOSE_SEMVER =
  "v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?" + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?" + "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
const LOOSE_VERSION_RE = new RegExp(`^${LOOSE_SEMVER}$`);

/** strconv.ParseUint(s, 10, 64), with Go's error text. */
function parseUint(s: string): bigint {
  if (!/^[0-9]+$/.test(s)) throw new SemverError(`strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > UINT64_MAX) throw new SemverError(`strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
  return n;
}

/** Whether strconv.ParseUint(s, 10, 64) succeeds. */
function isUint64(s: string): boolean {
  return /^[0-9]+$/.test(s) && BigInt(s) <= UINT64_MAX;
}

/** strconv.Quote for the strings that reach error messages here. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

function segmentError(e: unknown): SemverError {
  return new SemverError(`error parsing version segment: ${e instanceof Error ? e.message : String(e)}`);
}

const NUM = /^[0-9]*$/;
const ALLOWED = /^[0-9A-Za-z-]*$/;

function validatePrerelease(p: string): void {
  for (const part of p.split(".")) {
    if (part === "") throw new SemverError(ERR_INVALID_PRERELEASE);
    if (NUM.test(part)) {
      if (part.length > 1 && part.startsWith("0")) throw new SemverError(ERR_SEGMENT_STARTS_ZERO);
    } else if (!ALLOWED.test(part)) {
      throw new SemverError(ERR_INVALID_PRERELEASE);
    }
  }
}

function validateMetadata(m: string): void {
  for (const part of m.split(".")) {
    if (part === "" || !ALLOWED.test(part)) throw new SemverError(ERR_INVALID_METADATA);
  }
}

/** A semantic version. Immutable; the `with…`/`inc…` methods return new versions. */
export class Version {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  /** The prerelease, without its leading `-` ("" if none). */
  readonly prerelease: string;
  /** The build metadata, without its leading `+` ("" if none). */
  readonly metadata: string;
  /** The text the version was parsed from (or its String() for built versions). */
  readonly original: string;

  constructor(major: bigint, minor: bigint, patch: bigint, prerelease = "", metadata = "", original?: string) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.prerelease = prerelease;
    this.metadata = metadata;
    this.original = original ?? this.toString();
  }

  /** Masterminds' String(): `MAJOR.MINOR.PATCH[-PRE][+META]`, without a `v` prefix. */
  toString(): string {
    let s = `${this.major.toString()}.${this.minor.toString()}.${this.patch.toString()}`;
    if (this.prerelease !== "") s += `-${this.prerelease}`;
    if (this.metadata !== "") s += `+${this.metadata}`;
    return s;
  }

  /** -1, 0 or 1; metadata is ignored, prereleases sort below their release. */
  compare(o: Version): -1 | 0 | 1 {
    const d = cmpBig(this.major, o.major) || cmpBig(this.minor, o.minor) || cmpBig(this.patch, o.patch);
    if (d !== 0) return d;
    const ps = this.prerelease;
    const po = o.prerelease;
    if (ps === "" && po === "") return 0;
    if (ps === "") return 1;
    if (po === "") return -1;
    return comparePrerelease(ps, po);
  }

  lessThan(o: Version): boolean {
    return this.compare(o) < 0;
  }
  lessThanEqual(o: Version): boolean {
    return this.compare(o) <= 0;
  }
  greaterThan(o: Version): boolean {
    return this.compare(o) > 0;
  }
  greaterThanEqual(o: Version): boolean {
    return this.compare(o) >= 0;
  }
  equal(o: Version): boolean {
    return this === o || this.compare(o) === 0;
  }

  private vPrefix(): string {
    return this.original.startsWith("v") ? "v" : "";
  }

  private derive(major: bigint, minor: bigint, patch: bigint, pre: string, meta: string): Version {
    const v = new Version(major, minor, patch, pre, meta);
    return new Version(major, minor, patch, pre, meta, this.vPrefix() + v.toString());
  }

  /** IncPatch: drops prerelease and metadata; bumps the patch only if there was no prerelease. */
  incPatch(): Version {
    return this.derive(this.major, this.minor, this.prerelease === "" ? this.patch + 1n : this.patch, "", "");
  }
  incMinor(): Version {
    return this.derive(this.major, this.minor + 1n, 0n, "", "");
  }
  incMajor(): Version {
    return this.derive(this.major + 1n, 0n, 0n, "", "");
  }
  /** SetPrerelease (throws SemverError for an invalid prerelease). */
  withPrerelease(pre: string): Version {
    if (pre !== "") validatePrerelease(pre);
    return this.derive(this.major, this.minor, this.patch, pre, this.metadata);
  }
  /** SetMetadata (throws SemverError for invalid metadata). */
  withMetadata(meta: string): Version {
    if (meta !== "") validateMetadata(meta);
    return this.derive(this.major, this.minor, this.patch, this.prerelease, meta);
  }
}

function cmpBig(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Go's byte-wise string order (code point order). */
function cmpStr(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const ca = x[i]?.codePointAt(0) ?? 0;
    const cb = y[i]?.codePointAt(0) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return x.length < y.length ? -1 : 1;
}

function comparePrerelease(v: string, o: string): -1 | 0 | 1 {
  const sparts = v.split(".");
  const oparts = o.split(".");
  const l = Math.max(sparts.length, oparts.length);
  for (let i = 0; i < l; i++) {
    const d = comparePrePart(sparts[i] ?? "", oparts[i] ?? "");
    if (d !== 0) return d;
  }
  return 0;
}

function comparePrePart(s: string, o: string): -1 | 0 | 1 {
  if (s === o) return 0;
  if (s === "") return -1;
  if (o === "") return 1;
  const oNum = isUint64(o);
  const sNum = isUint64(s);
  if (!oNum && !sNum) return cmpStr(s, o) > 0 ? 1 : -1;
  if (!oNum) return -1; // s is a number, o a string
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

/**
 * NewVersion: parses a version leniently — an optional `v`, missing minor or
 * patch (`1`, `1.2`), leading zeros — and throws SemverError with
 * Masterminds' message when it is not a version.
 */
export function parseVersion(v: string): Version {
  const m = LOOSE_VERSION_RE.exec(v);
  if (m === null) throw new SemverError(ERR_INVALID_SEMVER);
  const g = (i: number): string => m[i] ?? "";
  const seg = (s: string): bigint => {
    try {
      return parseUint(s);
    } catch (e) {
      throw segmentError(e);
    }
  };
  const major = seg(g(1));
  const minor = g(2) === "" ? 0n : seg(g(2).slice(1));
  const patch = g(3) === "" ? 0n : seg(g(3).slice(1));
  const pre = g(5);
  const meta = g(8);
  if (pre !== "") validatePrerelease(pre);
  if (meta !== "") validateMetadata(meta);
  return new Version(major, minor, patch, pre, meta, v);
}

/** StrictNewVersion: only complete semantic versions (no `v`, no leading zeros). */
export function parseStrict(v: string): Version {
  if (v.length === 0) throw new SemverError(ERR_EMPTY_STRING);
  const parts = splitN(v, ".", 3);
  if (parts.length !== 3) throw new SemverError(ERR_INVALID_SEMVER);
  const [p0 = "", p1 = ""] = parts;
  let p2 = parts[2] ?? "";
  let meta = "";
  let pre = "";
  if (p2.includes("+")) {
    [p2 = "", meta = ""] = splitN(p2, "+", 2);
    validateMetadata(meta);
  }
  if (p2.includes("-")) {
    [p2 = "", pre = ""] = splitN(p2, "-", 2);
    validatePrerelease(pre);
  }
  for (const p of [p0, p1, p2]) {
    if (!NUM.test(p)) throw new SemverError(ERR_INVALID_CHARACTERS);
    if (p.length > 1 && p.startsWith("0")) throw new SemverError(ERR_SEGMENT_STARTS_ZERO);
  }
  return new Version(parseUint(p0), parseUint(p1), parseUint(p2), pre, meta, v);
}

/** Go's strings.SplitN for n > 0. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i === -1) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** parseVersion, or undefined for text that is not a version. */
export function tryParseVersion(v: string): Version | undefined {
  try {
    return parseVersion(v);
  } catch {
    return undefined;
  }
}

export function compareVersions(a: Version, b: Version): -1 | 0 | 1 {
  return a.compare(b);
}

/** Sorts ascending (a new array); equal versions keep their order. */
export function sortVersions(vs: readonly Version[]): Version[] {
  return [...vs].sort((a, b) => a.compare(b));
}

// ----- Constraints -----

const CV =
  "v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?" +
  "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?" +
  "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
// The empty alternative is Masterminds' (it makes the operator optional).
const OPS = "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^";

const CONSTRAINT_RE = new RegExp(`^${S}*(${OPS})${S}*(${CV})${S}*$`);
const CONSTRAINT_RANGE_RE = new RegExp(`${S}*(${CV})${S}+-${S}+(${CV})${S}*`, "g");
const FIND_CONSTRAINT_RE = new RegExp(`(${OPS})${S}*(${CV})`, "g");
const VALID_CONSTRAINT_RE = new RegExp(`^(${S}*(${OPS})${S}*(${CV})${S}*)((?:${S}+|,${S}*)(${OPS})${S}*(${CV})${S}*)*$`);

type Op = "" | "=" | "!=" | ">" | "<" | ">=" | "=>" | "<=" | "=<" | "~" | "~>" | "^";

export interface Constraint {
  /** The version compared against (wildcards replaced by 0). */
  readonly con: Version;
  /** The version text as written, e.g. `4.x`. */
  readonly orig: string;
  readonly op: Op;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
  readonly dirty: boolean;
}

function isX(x: string): boolean {
  return x === "x" || x === "*" || x === "X";
}

function rewriteRange(i: string): string {
  const ms = [...i.matchAll(CONSTRAINT_RANGE_RE)];
  let o = i;
  for (const m of ms) {
    const t = `>= ${m[1] ?? ""}, <= ${m[11] ?? ""} `;
    o = o.replace(m[0], () => t);
  }
  return o;
}

function parseOne(c: string): Constraint {
  if (c.length === 0) {
    return { con: new Version(0n, 0n, 0n, "", "", "0.0.0"), orig: c, op: "", minorDirty: false, patchDirty: false, dirty: true };
  }
  const m = CONSTRAINT_RE.exec(c);
  if (m === null) throw new SemverError(`improper constraint: ${c}`);
  const g = (i: number): string => m[i] ?? "";
  let ver = g(2);
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(g(3)) || g(3) === "") {
    ver = `0.0.0${g(6)}`;
    dirty = true;
  } else if (isX(g(4).replace(/^\./, "")) || g(4) === "") {
    minorDirty = true;
    dirty = true;
    ver = `${g(3)}.0.0${g(6)}`;
  } else if (isX(g(5).replace(/^\./, "")) || g(5) === "") {
    dirty = true;
    patchDirty = true;
    ver = `${g(3)}${g(4)}.0${g(6)}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new SemverError("constraint parser error");
  }
  return { con, orig: g(2), op: g(1) as Op, minorDirty, patchDirty, dirty };
}

/** The outcome of one check: null when it passed, else the reason. */
type Outcome = string | null;

function preReason(v: Version): string {
  return `${v.toString()} is a prerelease version and the constraint is only looking for release versions`;
}

function checkOne(v: Version, c: Constraint, includePre: boolean): Outcome {
  if (v.prerelease !== "" && !includePre) return preReason(v);
  const vs = v.toString();
  switch (c.op) {
    case "":
    case "=":
      if (c.dirty) return tilde(v, c);
      return v.equal(c.con) ? null : `${vs} is not equal to ${c.orig}`;
    case "!=":
      return notEqual(v, c);
    case ">":
      return greaterThan(v, c);
    case "<":
      return v.compare(c.con) < 0 ? null : `${vs} is greater than or equal to ${c.orig}`;
    case ">=":
    case "=>":
      return v.compare(c.con) >= 0 ? null : `${vs} is less than ${c.orig}`;
    case "<=":
    case "=<":
      return lessThanEqual(v, c);
    case "~":
    case "~>":
      return tilde(v, c);
    case "^":
      return caret(v, c);
  }
}

function notEqual(v: Version, c: Constraint): Outcome {
  const equalMsg = `${v.toString()} is equal to ${c.orig}`;
  if (c.dirty) {
    if (c.con.major !== v.major) return null;
    if (c.con.minor !== v.minor && !c.minorDirty) return null;
    else if (c.minorDirty) return equalMsg;
    else if (c.con.patch !== v.patch && !c.patchDirty) return null;
    else if (c.patchDirty) {
      if (v.prerelease !== "" || c.con.prerelease !== "") {
        return comparePrerelease(v.prerelease, c.con.prerelease) !== 0 ? null : equalMsg;
      }
      return equalMsg;
    }
  }
  return v.equal(c.con) ? equalMsg : null;
}

function greaterThan(v: Version, c: Constraint): Outcome {
  const msg = `${v.toString()} is less than or equal to ${c.orig}`;
  if (!c.dirty) return v.compare(c.con) === 1 ? null : msg;
  if (v.major > c.con.major) return null;
  if (v.major < c.con.major) return msg;
  if (c.minorDirty) return msg;
  if (c.patchDirty) return v.minor > c.con.minor ? null : msg;
  return v.compare(c.con) === 1 ? null : msg;
}

function lessThanEqual(v: Version, c: Constraint): Outcome {
  const msg = `${v.toString()} is greater than ${c.orig}`;
  if (!c.dirty) return v.compare(c.con) <= 0 ? null : msg;
  if (v.major > c.con.major) return msg;
  if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return msg;
  return null;
}

function tilde(v: Version, c: Constraint): Outcome {
  const vs = v.toString();
  if (v.lessThan(c.con)) return `${vs} is less than ${c.orig}`;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return null;
  if (v.major !== c.con.major) return `${vs} does not have same major version as ${c.orig}`;
  if (v.minor !== c.con.minor && !c.minorDirty) return `${vs} does not have same major and minor version as ${c.orig}`;
  return null;
}

function caret(v: Version, c: Constraint): Outcome {
  const vs = v.toString();
  if (v.lessThan(c.con)) return `${vs} is less than ${c.orig}`;
  if (c.con.major > 0n || c.minorDirty) {
    return v.major === c.con.major ? null : `${vs} does not have same major version as ${c.orig}`;
  }
  if (c.con.major === 0n && v.major > 0n) return `${vs} does not have same major version as ${c.orig}`;
  if (c.con.minor > 0n || c.patchDirty) {
    return v.minor === c.con.minor
      ? null
      : `${vs} does not have same minor version as ${c.orig}. Expected minor versions to match when constraint major version is 0`;
  }
  if (c.con.minor === 0n && v.minor > 0n) return `${vs} does not have same minor version as ${c.orig}`;
  return c.con.patch === v.patch
    ? null
    : `${vs} does not equal ${c.orig}. Expect version and constraint to equal when major and minor versions are 0`;
}

/** Parsed constraints: an OR of AND groups (NewConstraint's Constraints). */
export class Constraints {
  private readonly groups: readonly (readonly Constraint[])[];
  private readonly containsPre: readonly boolean[];
  /** Masterminds' IncludePrerelease: let every group match prereleases. */
  includePrerelease = false;

  constructor(groups: readonly (readonly Constraint[])[], containsPre: readonly boolean[]) {
    this.groups = groups;
    this.containsPre = containsPre;
  }

  /** Whether the version satisfies the constraints. */
  check(v: Version): boolean {
    return this.groups.some((group, i) => {
      const pre = this.includePrerelease || (this.containsPre[i] ?? false);
      return group.every((c) => checkOne(v, c, pre) === null);
    });
  }

  /** Like check, with the reasons a version fails (Masterminds' Validate). */
  validate(v: Version): { ok: boolean; reasons: string[] } {
    const reasons: string[] = [];
    let preReported = false;
    for (const [i, group] of this.groups.entries()) {
      const pre = this.includePrerelease || (this.containsPre[i] ?? false);
      let joy = true;
      for (const c of group) {
        if (!pre && v.prerelease !== "") {
          if (!preReported) {
            reasons.push(preReason(v));
            preReported = true;
          }
          joy = false;
        } else {
          const r = checkOne(v, c, pre);
          if (r !== null) {
            reasons.push(r);
            joy = false;
          }
        }
      }
      if (joy) return { ok: true, reasons: [] };
    }
    return { ok: false, reasons };
  }

  /** Masterminds' String(): each constraint as operator + original text. */
  toString(): string {
    return this.groups.map((g) => g.map((c) => c.op + c.orig).join(" ")).join(" || ");
  }
}

/** NewConstraint: parses a constraint string; throws SemverError. */
export function parseConstraint(text: string): Constraints {
  const c = rewriteRange(text);
  const groups: Constraint[][] = [];
  const hasPre: boolean[] = [];
  for (const or of c.split("||")) {
    if (!VALID_CONSTRAINT_RE.test(or)) throw new SemverError(`improper constraint: ${or}`);
    const found = or.match(FIND_CONSTRAINT_RE) ?? [or];
    const group = found.map(parseOne);
    hasPre.push(group.some((pc) => pc.con.prerelease !== ""));
    groups.push(group);
  }
  return new Constraints(groups, hasPre);
}

/** Whether `version` satisfies `constraint` (Sprig's semverCompare); throws SemverError on bad input. */
export function satisfies(constraint: string, version: string): boolean {
  return parseConstraint(constraint).check(parseVersion(version));
}

/**
 * The highest of the given version strings (e.g. registry tags) that
 * satisfies the constraint, or undefined. Tags that are not versions are
 * ignored.
 */
export function maxSatisfying(versions: Iterable<string>, constraint: Constraints): { tag: string; version: Version } | undefined {
  let best: { tag: string; version: Version } | undefined;
  for (const tag of versions) {
    const v = tryParseVersion(tag);
    if (v === undefined || !constraint.check(v)) continue;
    if (best === undefined || v.compare(best.version) > 0) best = { tag, version: v };
  }
  return best;
}
