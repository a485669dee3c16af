/**
 * Go's time package as template values: `GoTime` (time.Time: an instant with
 * nanoseconds, a location, and for `now` a monotonic reading),
 * `GoDuration` (time.Duration), `GoLocation` (*time.Location), Go's layout
 * formatting and parsing (time.Format, time.Parse/ParseInLocation with
 * their error messages), time.ParseDuration and Duration.String().
 *
 * Time zones are read like Go reads them: TZif files from $ZONEINFO or the
 * system zoneinfo directories (/usr/share/zoneinfo, …), including the
 * POSIX TZ rule at their end, so zone abbreviations (`MST`) and offsets are
 * Go's. When a zone has no file (a machine without tzdata), bosun falls back
 * to the Intl API for offsets, where Go would fail to load the zone.
 *
 * The local zone (Go's time.Local): the TZ environment variable when it
 * names a loadable zone (":" prefix and absolute paths as Go accepts them),
 * otherwise UTC. Unlike Go, bosun does not read /etc/localtime when TZ is
 * unset, so rendering does not depend on the host's configured zone.
 */
import { readFileSync } from "node:fs";
import { GO_METHODS, GO_TYPE, GoInt, goFunc, utf8, type GoFunc } from "../../template/index.ts";
import { JsonError, MARSHAL_JSON } from "../format/json.ts";

// ----- constants -----

const SECONDS_PER_DAY = 86400;
/** Seconds from 0001-01-01 (Go's zero Time) to the Unix epoch. */
const UNIX_TO_INTERNAL = 62135596800;
const NS = 1_000_000_000n;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const ALPHA = -Infinity;
const OMEGA = Infinity;

export const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));

// ----- calendar arithmetic (proleptic Gregorian, like Go) -----

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 of a civil date (month 1..12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = floorDiv(yy, 400);
  const yoe = yy - era * 400;
  const doy = floorDiv(153 * (m + (m > 2 ? -3 : 9)) + 2, 5) + d - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (days since 1970-01-01). */
export function civilFromDays(z0: number): [year: number, month: number, day: number] {
  const z = z0 + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const d = doy - floorDiv(153 * mp + 2, 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return (DAYS_BEFORE[month] ?? 0) - (DAYS_BEFORE[month - 1] ?? 0);
}

function norm(hi: number, lo: number, base: number): [number, number] {
  if (lo < 0) {
    const n = floorDiv(-lo - 1, base) + 1;
    hi -= n;
    lo += n * base;
  }
  if (lo >= base) {
    const n = floorDiv(lo, base);
    hi += n;
    lo -= n * base;
  }
  return [hi, lo];
}

// ----- locations -----

interface Zone {
  name: string;
  offset: number;
  isDST: boolean;
}
interface ZoneTrans {
  when: number;
  index: number;
}
export interface ZoneInfo {
  name: string;
  offset: number;
  start: number;
  end: number;
  isDST: boolean;
}

/** A Go *time.Location: zones and transitions from TZif data, or an Intl-backed fallback. */
export class GoLocation {
  /** The location's name (time.Location.String()). */
  name: string;
  readonly zones: readonly Zone[];
  readonly tx: readonly ZoneTrans[];
  readonly extend: string;
  /** For zones without TZif data: the IANA name Intl computes offsets for. */
  private readonly intl: Intl.DateTimeFormat | undefined;
  declare [GO_TYPE]: string;
  declare [GO_METHODS]: Record<string, GoFunc>;

  constructor(name: string, zones: readonly Zone[] = [], tx: readonly ZoneTrans[] = [], extend = "", intl?: Intl.DateTimeFormat) {
    this.name = name;
    this.zones = zones;
    this.tx = tx;
    this.extend = extend;
    this.intl = intl;
  }

  String(): string {
    return this.name;
  }

  /** A copy under another name (Go's `localLoc = *z; localLoc.name = …`). */
  renamed(name: string): GoLocation {
    return new GoLocation(name, this.zones, this.tx, this.extend, this.intl);
  }

  /** Location.lookup: the zone in effect at Unix second `sec`. */
  lookup(sec: number): ZoneInfo {
    if (this.intl) return intlLookup(this.intl, sec);
    if (this.zones.length === 0) return { name: "UTC", offset: 0, start: ALPHA, end: OMEGA, isDST: false };
    const tx = this.tx;
    const first = tx[0];
    if (first === undefined || sec < first.when) {
      const zone = this.zones[this.lookupFirstZone()] ?? { name: "UTC", offset: 0, isDST: false };
      return { ...zone, start: ALPHA, end: first === undefined ? OMEGA : first.when };
    }
    let end = OMEGA;
    let lo = 0;
    let hi = tx.length;
    while (hi - lo > 1) {
      const m = (lo + hi) >>> 1;
      const lim = (tx[m] as ZoneTrans).when;
      if (sec < lim) {
        end = lim;
        hi = m;
      } else {
        lo = m;
      }
    }
    const t = tx[lo] as ZoneTrans;
    const zone = this.zones[t.index] ?? { name: "UTC", offset: 0, isDST: false };
    const start = t.when;
    if (lo === tx.length - 1 && this.extend !== "") {
      const r = tzset(this.extend, start, sec);
      if (r) return r;
    }
    return { name: zone.name, offset: zone.offset, start, end, isDST: zone.isDST };
  }

  private lookupFirstZone(): number {
    if (!this.tx.some((t) => t.index === 0)) return 0;
    const t0 = this.tx[0];
    if (t0 && this.zones[t0.index]?.isDST) {
      for (let zi = t0.index - 1; zi >= 0; zi--) if (!this.zones[zi]?.isDST) return zi;
    }
    const zi = this.zones.findIndex((z) => !z.isDST);
    return zi === -1 ? 0 : zi;
  }

  /** Location.lookupName: the offset of the zone abbreviation `name` around pseudo-Unix time `unix`. */
  lookupName(name: string, unix: number): number | undefined {
    const zones = this.intl ? intlZones(this.intl, unix) : this.zones;
    for (const z of zones) {
      if (z.name === name && this.lookup(unix - z.offset).name === z.name) return this.lookup(unix - z.offset).offset;
    }
    for (const z of zones) if (z.name === name) return z.offset;
    return undefined;
  }
}

export const UTC = new GoLocation("UTC");

/** time.FixedZone. */
export function fixedZone(name: string, offset: number): GoLocation {
  return new GoLocation(name, [{ name, offset, isDST: false }], [{ when: ALPHA, index: 0 }]);
}

// POSIX TZ strings (the footer of TZif v2+ files), as Go's tzset reads them.

function tzsetName(s: string): [string, string] | undefined {
  if (s.length === 0) return undefined;
  if (s[0] !== "<") {
    for (let i = 0; i < s.length; i++) {
      if ("0123456789,-+".includes(s.charAt(i))) {
        if (i < 3) return undefined;
        return [s.slice(0, i), s.slice(i)];
      }
    }
    if (s.length < 3) return undefined;
    return [s, ""];
  }
  const i = s.indexOf(">");
  return i === -1 ? undefined : [s.slice(1, i), s.slice(i + 1)];
}

function tzsetNum(s: string, min: number, max: number): [number, string] | undefined {
  if (s.length === 0) return undefined;
  let num = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) {
      if (i === 0 || num < min) return undefined;
      return [num, s.slice(i)];
    }
    num = num * 10 + c - 0x30;
    if (num > max) return undefined;
  }
  if (num < min) return undefined;
  return [num, ""];
}

function tzsetOffset(s0: string): [number, string] | undefined {
  let s = s0;
  if (s.length === 0) return undefined;
  let neg = false;
  if (s[0] === "+") s = s.slice(1);
  else if (s[0] === "-") {
    s = s.slice(1);
    neg = true;
  }
  const h = tzsetNum(s, 0, 24 * 7);
  if (!h) return undefined;
  let off = h[0] * 3600;
  s = h[1];
  const done = (): [number, string] => [neg ? -off : off, s];
  if (s.length === 0 || s[0] !== ":") return done();
  const m = tzsetNum(s.slice(1), 0, 59);
  if (!m) return undefined;
  off += m[0] * 60;
  s = m[1];
  if (s.length === 0 || s[0] !== ":") return done();
  const sec = tzsetNum(s.slice(1), 0, 59);
  if (!sec) return undefined;
  off += sec[0];
  s = sec[1];
  return done();
}

interface Rule {
  kind: "julian" | "doy" | "mwd";
  day: number;
  week: number;
  mon: number;
  time: number;
}

function tzsetRule(s0: string): [Rule, string] | undefined {
  let s = s0;
  if (s.length === 0) return undefined;
  const r: Rule = { kind: "doy", day: 0, week: 0, mon: 0, time: 0 };
  if (s[0] === "J") {
    const j = tzsetNum(s.slice(1), 1, 365);
    if (!j) return undefined;
    r.kind = "julian";
    r.day = j[0];
    s = j[1];
  } else if (s[0] === "M") {
    const mon = tzsetNum(s.slice(1), 1, 12);
    if (!mon || mon[1][0] !== ".") return undefined;
    const week = tzsetNum(mon[1].slice(1), 1, 5);
    if (!week || week[1][0] !== ".") return undefined;
    const day = tzsetNum(week[1].slice(1), 0, 6);
    if (!day) return undefined;
    Object.assign(r, { kind: "mwd", day: day[0], week: week[0], mon: mon[0] });
    s = day[1];
  } else {
    const d = tzsetNum(s, 0, 365);
    if (!d) return undefined;
    r.day = d[0];
    s = d[1];
  }
  if (s.length === 0 || s[0] !== "/") {
    r.time = 2 * 3600;
    return [r, s];
  }
  const off = tzsetOffset(s.slice(1));
  if (!off) return undefined;
  r.time = off[0];
  return [r, off[1]];
}

function tzruleTime(year: number, r: Rule, off: number): number {
  let s = 0;
  switch (r.kind) {
    case "julian":
      s = (r.day - 1) * SECONDS_PER_DAY;
      if (isLeap(year) && r.day >= 60) s += SECONDS_PER_DAY;
      break;
    case "doy":
      s = r.day * SECONDS_PER_DAY;
      break;
    case "mwd": {
      const m1 = ((r.mon + 9) % 12) + 1;
      const yy0 = r.mon <= 2 ? year - 1 : year;
      const yy1 = Math.trunc(yy0 / 100);
      const yy2 = yy0 % 100;
      let dow = (Math.trunc((26 * m1 - 2) / 10) + 1 + yy2 + Math.trunc(yy2 / 4) + Math.trunc(yy1 / 4) - 2 * yy1) % 7;
      if (dow < 0) dow += 7;
      let d = r.day - dow;
      if (d < 0) d += 7;
      for (let i = 1; i < r.week; i++) {
        if (d + 7 >= daysIn(r.mon, year)) break;
        d += 7;
      }
      d += DAYS_BEFORE[r.mon - 1] ?? 0;
      if (isLeap(year) && r.mon > 2) d++;
      s = d * SECONDS_PER_DAY;
      break;
    }
  }
  return s + r.time - off;
}

function tzset(s0: string, lastTxSec: number, sec: number): ZoneInfo | undefined {
  let s = s0;
  const std = tzsetName(s);
  if (!std) return undefined;
  let stdName = std[0];
  const so = tzsetOffset(std[1]);
  if (!so) return undefined;
  let stdOffset = -so[0];
  s = so[1];
  if (s.length === 0 || s[0] === ",") return { name: stdName, offset: stdOffset, start: lastTxSec, end: OMEGA, isDST: false };
  const dst = tzsetName(s);
  if (!dst) return undefined;
  let dstName = dst[0];
  s = dst[1];
  let dstOffset: number;
  if (s.length === 0 || s[0] === ",") {
    dstOffset = stdOffset + 3600;
  } else {
    const d = tzsetOffset(s);
    if (!d) return undefined;
    dstOffset = -d[0];
    s = d[1];
  }
  if (s.length === 0) s = ",M3.2.0,M11.1.0";
  if (s[0] !== "," && s[0] !== ";") return undefined;
  const sr = tzsetRule(s.slice(1));
  if (!sr || sr[1][0] !== ",") return undefined;
  const er = tzsetRule(sr[1].slice(1));
  if (!er || er[1].length > 0) return undefined;

  const days = floorDiv(sec, SECONDS_PER_DAY);
  const [year] = civilFromDays(days);
  const yday = days - daysFromCivil(year, 1, 1) + 1;
  // Go: sec % secondsPerDay (truncated remainder).
  const ysec = (yday - 1) * SECONDS_PER_DAY + (sec % SECONDS_PER_DAY);
  const ystart = sec - ysec;
  let startSec = tzruleTime(year, sr[0], stdOffset);
  let endSec = tzruleTime(year, er[0], dstOffset);
  let dstIsDST = true;
  let stdIsDST = false;
  if (endSec < startSec) {
    [startSec, endSec] = [endSec, startSec];
    [stdName, dstName] = [dstName, stdName];
    [stdOffset, dstOffset] = [dstOffset, stdOffset];
    [stdIsDST, dstIsDST] = [dstIsDST, stdIsDST];
  }
  if (ysec < startSec) return { name: stdName, offset: stdOffset, start: ystart, end: startSec + ystart, isDST: stdIsDST };
  if (ysec >= endSec) return { name: stdName, offset: stdOffset, start: endSec + ystart, end: ystart + 365 * SECONDS_PER_DAY, isDST: stdIsDST };
  return { name: dstName, offset: dstOffset, start: startSec + ystart, end: endSec + ystart, isDST: dstIsDST };
}

/** LoadLocationFromTZData: parses TZif data; undefined if it is not valid. */
export function locationFromTZif(name: string, data: Uint8Array): GoLocation | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let p = 0;
  const need = (n: number): boolean => p + n <= data.length;
  if (!need(20) || String.fromCharCode(...data.subarray(0, 4)) !== "TZif") return undefined;
  const ver = data[4];
  const version = ver === 0 ? 1 : ver === 0x32 ? 2 : ver === 0x33 ? 3 : 0;
  if (version === 0) return undefined;
  p = 20;
  const readCounts = (): number[] | undefined => {
    if (!need(24)) return undefined;
    const n: number[] = [];
    for (let i = 0; i < 6; i++) n.push(view.getUint32(p + 4 * i));
    p += 24;
    return n;
  };
  let n = readCounts();
  if (!n) return undefined;
  const [nUTCLocal = 0, nStdWall = 0, nLeap = 0, nTime = 0, nZone = 0, nChar = 0] = n;
  let size = 4;
  if (version > 1) {
    p += nTime * 4 + nTime + nZone * 6 + nChar + nLeap * 8 + nStdWall + nUTCLocal + 20;
    n = readCounts();
    if (!n) return undefined;
    size = 8;
  }
  const [nUTCLocal2 = 0, nStdWall2 = 0, nLeap2 = 0, nTime2 = 0, nZone2 = 0, nChar2 = 0] = n;
  const txAt = p;
  const zonesIdxAt = txAt + nTime2 * size;
  const zoneAt = zonesIdxAt + nTime2;
  const abbrevAt = zoneAt + nZone2 * 6;
  const end = abbrevAt + nChar2 + nLeap2 * (size + 4) + nStdWall2 + nUTCLocal2;
  if (end > data.length) return undefined;
  const rest = data.subarray(end);
  let extend = "";
  if (rest.length > 2 && rest[0] === 0x0a && rest[rest.length - 1] === 0x0a) extend = String.fromCharCode(...rest.subarray(1, rest.length - 1));
  if (nZone2 === 0) return undefined;
  const abbrev = data.subarray(abbrevAt, abbrevAt + nChar2);
  const zones: Zone[] = [];
  for (let i = 0; i < nZone2; i++) {
    const q = zoneAt + i * 6;
    const offset = view.getInt32(q);
    const isDST = data[q + 4] !== 0;
    const ni = data[q + 5] ?? 0;
    if (ni >= abbrev.length) return undefined;
    let e = ni;
    while (e < abbrev.length && abbrev[e] !== 0) e++;
    zones.push({ name: String.fromCharCode(...abbrev.subarray(ni, e)), offset, isDST });
  }
  const tx: ZoneTrans[] = [];
  for (let i = 0; i < nTime2; i++) {
    const when = size === 4 ? view.getInt32(txAt + 4 * i) : Number(view.getBigInt64(txAt + 8 * i));
    const index = data[zonesIdxAt + i] ?? 0;
    if (index >= zones.length) return undefined;
    tx.push({ when, index });
  }
  if (tx.length === 0) tx.push({ when: ALPHA, index: 0 });
  return new GoLocation(name, zones, tx, extend);
}

const PLATFORM_ZONE_SOURCES = ["/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo/"];

function loadFromSources(name: string, sources: readonly string[]): GoLocation | undefined {
  for (const dir of sources) {
    let data: Buffer;
    try {
      data = readFileSync(dir === "" ? name : dir + name);
    } catch {
      continue;
    }
    const loc = locationFromTZif(name, data);
    if (loc) return loc;
  }
  return undefined;
}

// Intl fallback (no TZif file for the zone).

const intlOffsetCache = new Map<string, Intl.DateTimeFormat>();

function intlFormat(zone: string): Intl.DateTimeFormat | undefined {
  let f = intlOffsetCache.get(zone);
  if (f) return f;
  try {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset", year: "numeric" });
  } catch {
    return undefined;
  }
  intlOffsetCache.set(zone, f);
  return f;
}

function intlZoneAt(f: Intl.DateTimeFormat, sec: number): Zone {
  const ms = Math.min(Math.max(sec * 1000, -8.64e15), 8.64e15);
  const part = f.formatToParts(new Date(ms)).find((x) => x.type === "timeZoneName")?.value ?? "GMT";
  const m = /^GMT([+-])(\d\d):(\d\d)(?::(\d\d))?$/.exec(part);
  const offset = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) : 0;
  // tzdata's style for zones without a letter abbreviation: +01, -0530.
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 3600)).padStart(2, "0");
  const mm = abs % 3600 === 0 ? "" : String(Math.floor((abs % 3600) / 60)).padStart(2, "0");
  const name = offset === 0 ? "UTC" : `${offset < 0 ? "-" : "+"}${hh}${mm}`;
  return { name, offset, isDST: false };
}

function intlLookup(f: Intl.DateTimeFormat, sec: number): ZoneInfo {
  // [sec, sec+1) as the zone's period: Date() then always re-checks the
  // offset at the UTC instant, which gives the same result as exact bounds.
  return { ...intlZoneAt(f, sec), start: sec, end: sec + 1 };
}

function intlZones(f: Intl.DateTimeFormat, unix: number): Zone[] {
  const [year] = civilFromDays(floorDiv(unix, SECONDS_PER_DAY));
  return [intlZoneAt(f, daysFromCivil(year, 1, 1) * SECONDS_PER_DAY), intlZoneAt(f, daysFromCivil(year, 7, 1) * SECONDS_PER_DAY)];
}

/** A location whose offsets come from Intl (what loadLocation falls back to without TZif data). */
export function intlLocation(name: string): GoLocation | undefined {
  const f = intlFormat(name);
  return f ? new GoLocation(name, [], [], "", f) : undefined;
}

function validZoneName(name: string): boolean {
  return !(name.includes("..") || name.startsWith("/") || name.startsWith("\\"));
}

const locationCache = new Map<string, GoLocation | null>();

/** time.LoadLocation: "" and "UTC" are UTC, "Local" the local zone; undefined for an unknown zone. */
export function loadLocation(name: string): GoLocation | undefined {
  if (name === "" || name === "UTC") return UTC;
  if (name === "Local") return localZone();
  if (!validZoneName(name)) return undefined;
  const cached = locationCache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const zoneinfo = process.env["ZONEINFO"];
  let loc = zoneinfo ? loadFromSources(name, [zoneinfo.endsWith("/") ? zoneinfo : `${zoneinfo}/`]) : undefined;
  loc ??= loadFromSources(name, PLATFORM_ZONE_SOURCES);
  loc ??= intlLocation(name);
  locationCache.set(name, loc ?? null);
  return loc;
}

let local: GoLocation | undefined;

/** Go's initLocal, from the TZ variable (unset: UTC, see the module comment). */
function initLocal(tzEnv: string | undefined): GoLocation {
  if (tzEnv !== undefined && tzEnv !== "") {
    const tz = tzEnv.startsWith(":") ? tzEnv.slice(1) : tzEnv;
    if (tz.startsWith("/")) {
      const z = loadFromSources(tz, [""]);
      if (z) return z.renamed(tz === "/etc/localtime" ? "Local" : tz);
    } else if (tz !== "" && tz !== "UTC") {
      if (validZoneName(tz)) {
        const z = loadLocation(tz);
        if (z) return z;
      }
    }
  }
  return new GoLocation("UTC");
}

/** time.Local. */
export function localZone(): GoLocation {
  local ??= initLocal(process.env["TZ"]);
  return local;
}

/** Sets time.Local as the TZ variable would (tests; undefined: re-read TZ). */
export function setLocalZone(tz: string | undefined): void {
  local = tz === undefined ? undefined : initLocal(tz);
}

// ----- Duration -----

/** time.Duration: int64 nanoseconds. */
export class GoDuration {
  readonly ns: bigint;
  declare [GO_TYPE]: string;
  declare [GO_METHODS]: Record<string, GoFunc>;
  constructor(ns: bigint) {
    this.ns = BigInt.asIntN(64, ns);
    Object.defineProperty(this, "ns", { enumerable: false });
  }
  String(): string {
    return formatDuration(this.ns);
  }
}

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let s = "";
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print ||= digit !== 0n;
    if (print) s = digit.toString() + s;
    v /= 10n;
  }
  return [print ? `.${s}` : "", v];
}

/** Duration.String(): "1h2m3.5s", "1.5ms", "0s". */
export function formatDuration(d0: bigint): string {
  const d = BigInt.asIntN(64, d0);
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < NS) {
    if (u === 0n) return "0s";
    let prec: number;
    let unit: string;
    if (u < 1000n) {
      prec = 0;
      unit = "ns";
    } else if (u < 1_000_000n) {
      prec = 3;
      unit = "µs";
    } else {
      prec = 6;
      unit = "ms";
    }
    const [frac, v] = fmtFrac(u, prec);
    out = `${v.toString()}${frac}${unit}`;
  } else {
    const [frac, v] = fmtFrac(u, 9);
    u = v;
    out = `${(u % 60n).toString()}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${(u % 60n).toString()}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u.toString()}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/**
 * A Go error from the time package (its message is Go's). Only its message
 * is ever shown, and templates meet it often (toDate of text that is not a
 * date): no stack trace is taken.
 */
export class GoTimeError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

const UNIT: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  "µs": 1000n, // U+00B5
  "μs": 1000n, // U+03BC
  ms: 1_000_000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS,
};

/** Go's time-package quote: non-ASCII and control bytes as \xNN. */
export function timeQuote(s: string): string {
  return quoteBytes(utf8(s));
}

function quoteBytes(b: Uint8Array): string {
  let out = '"';
  for (const c of b) {
    if (c >= 0x80 || c < 0x20) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else {
      if (c === 0x22 || c === 0x5c) out += "\\";
      out += String.fromCharCode(c);
    }
  }
  return `${out}"`;
}

/** time.ParseDuration; throws GoTimeError with Go's message. */
export function parseDuration(orig: string): bigint {
  // Work on UTF-8 bytes as Go does (units may be "µs").
  let s = Buffer.from(orig, "utf8").toString("latin1");
  const fail = (msg: string): never => {
    throw new GoTimeError(`time: ${msg} ${timeQuote(orig)}`);
  };
  let d = 0n;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") fail("invalid duration");
  const isDigitAt = (i: number): boolean => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;
  while (s !== "") {
    let v = 0n;
    let f = 0n;
    let scale = 1;
    if (!(s[0] === "." || isDigitAt(0))) fail("invalid duration");
    // leadingInt
    let i = 0;
    for (; isDigitAt(i); i++) {
      if (v > (1n << 63n) / 10n) fail("invalid duration");
      v = v * 10n + BigInt(s.charCodeAt(i) - 0x30);
      if (v > 1n << 63n) fail("invalid duration");
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    if (s !== "" && s[0] === ".") {
      s = s.slice(1);
      // leadingFraction
      let j = 0;
      let overflow = false;
      for (; isDigitAt(j); j++) {
        if (overflow) continue;
        if (f > ((1n << 63n) - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 0x30);
        if (y > 1n << 63n) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) fail("invalid duration");
    let k = 0;
    while (k < s.length && !(s[k] === "." || isDigitAt(k))) k++;
    if (k === 0) fail("missing unit in duration");
    const u = Buffer.from(s.slice(0, k), "latin1").toString("utf8");
    s = s.slice(k);
    const unit = UNIT[u];
    if (unit === undefined) return fail(`unknown unit ${timeQuote(u)} in duration`);
    if (v > (1n << 63n) / unit) fail("invalid duration");
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > 1n << 63n) fail("invalid duration");
    }
    d += v;
    if (d > 1n << 63n) fail("invalid duration");
  }
  if (neg) return BigInt.asIntN(64, -d);
  if (d > INT64_MAX) fail("invalid duration");
  return d;
}

/** Duration.Round. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    const d1 = d - m + r;
    return d1 < d ? d1 : INT64_MIN;
  }
  if (r + r < m) return d - r;
  const d1 = d + m - r;
  return d1 > d && d1 <= INT64_MAX ? d1 : INT64_MAX;
}

// ----- Time -----

const hrBase = process.hrtime.bigint();
const wallBase = BigInt(Date.now()) * 1_000_000n;

/** time.Time: Unix seconds + nanoseconds, a location, and an optional monotonic reading. */
export class GoTime {
  /** Seconds since the Unix epoch. */
  readonly #sec: number;
  /** Nanoseconds within the second, 0..999999999. */
  readonly #nsec: number;
  /** null: UTC (Go's nil location). */
  readonly #loc: GoLocation | null;
  /** Monotonic clock reading in nanoseconds since process start, for times from `now`. */
  readonly #mono: bigint | null;
  declare [GO_TYPE]: string;
  declare [GO_METHODS]: Record<string, GoFunc>;

  constructor(sec: number, nsec: number, loc: GoLocation | null, mono: bigint | null = null) {
    this.#sec = sec;
    this.#nsec = nsec;
    this.#loc = loc === UTC ? null : loc;
    this.#mono = mono;
  }

  /** time.Now(). */
  static now(): GoTime {
    const hr = process.hrtime.bigint() - hrBase;
    const wall = wallBase + hr;
    const sec = wall / NS;
    // The monotonic reading Go prints as m=+…: time since the process started.
    const mono = BigInt(Math.round(process.uptime() * 1e9));
    return new GoTime(Number(sec), Number(wall % NS), localZone(), mono);
  }

  /** time.Unix(sec, nsec) in the local zone. */
  static unix(sec: bigint | number, nsec = 0): GoTime {
    let s = BigInt(sec);
    let n = BigInt(nsec);
    if (n < 0n || n >= NS) {
      s += n / NS;
      n %= NS;
      if (n < 0n) {
        n += NS;
        s--;
      }
    }
    return new GoTime(Number(s), Number(n), localZone());
  }

  /** The zero Time (0001-01-01 00:00:00 UTC). */
  static zero(): GoTime {
    return new GoTime(-UNIX_TO_INTERNAL, 0, null);
  }

  get unixSec(): number {
    return this.#sec;
  }
  get nanosecond(): number {
    return this.#nsec;
  }
  get mono(): bigint | null {
    return this.#mono;
  }
  /** Time.Location() (UTC for Go's nil location). */
  get location(): GoLocation {
    return this.#loc ?? UTC;
  }

  /** Unix nanoseconds. */
  get unixNano(): bigint {
    return BigInt(this.#sec) * NS + BigInt(this.#nsec);
  }

  isZero(): boolean {
    return this.#sec === -UNIX_TO_INTERNAL && this.#nsec === 0;
  }

  /** Zone name, offset and local "absolute" seconds (Unix seconds shifted by the offset). */
  locabs(): { name: string; offset: number; abs: number } {
    if (this.#loc === null) return { name: "UTC", offset: 0, abs: this.#sec };
    const z = this.#loc.lookup(this.#sec);
    return { name: z.name, offset: z.offset, abs: this.#sec + z.offset };
  }

  /** The civil fields in the time's zone. */
  fields(): { year: number; month: number; day: number; yday: number; weekday: number; hour: number; min: number; sec: number } {
    const { abs } = this.locabs();
    const days = floorDiv(abs, SECONDS_PER_DAY);
    const secOfDay = abs - days * SECONDS_PER_DAY;
    const [year, month, day] = civilFromDays(days);
    return {
      year,
      month,
      day,
      yday: days - daysFromCivil(year, 1, 1) + 1,
      weekday: (((days + 4) % 7) + 7) % 7,
      hour: Math.floor(secOfDay / 3600),
      min: Math.floor((secOfDay % 3600) / 60),
      sec: secOfDay % 60,
    };
  }

  in(loc: GoLocation): GoTime {
    return new GoTime(this.#sec, this.#nsec, loc);
  }
  utc(): GoTime {
    return new GoTime(this.#sec, this.#nsec, null);
  }
  local(): GoTime {
    return new GoTime(this.#sec, this.#nsec, localZone());
  }
  stripMono(): GoTime {
    return new GoTime(this.#sec, this.#nsec, this.#loc);
  }

  /** Time.Add. */
  add(d0: bigint): GoTime {
    const d = BigInt.asIntN(64, d0);
    let dsec = d / NS;
    let nsec = BigInt(this.#nsec) + (d % NS);
    if (nsec >= NS) {
      dsec++;
      nsec -= NS;
    } else if (nsec < 0n) {
      dsec--;
      nsec += NS;
    }
    let mono = this.#mono;
    if (mono !== null) {
      const te = mono + d;
      mono = te > INT64_MAX || te < INT64_MIN ? null : te;
    }
    return new GoTime(this.#sec + Number(dsec), Number(nsec), this.#loc, mono);
  }

  /** Time.Sub: t - u as a Duration (saturating). */
  sub(u: GoTime): bigint {
    if (this.#mono !== null && u.#mono !== null) return clampDuration(this.#mono - u.#mono);
    return clampDuration(this.unixNano - u.unixNano);
  }

  compare(u: GoTime): -1 | 0 | 1 {
    const a = this.unixNano;
    const b = u.unixNano;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Time.AddDate. */
  addDate(years: number, months: number, days: number): GoTime {
    const f = this.fields();
    return goDate(f.year + years, f.month + months, f.day + days, f.hour, f.min, f.sec, this.#nsec, this.location);
  }

  /** The remainder of the time modulo d, counted from the zero Time (Go's div). */
  private rem(d: bigint): bigint {
    const total = (BigInt(this.#sec) + BigInt(UNIX_TO_INTERNAL)) * NS + BigInt(this.#nsec);
    return ((total % d) + d) % d;
  }
  truncate(d: bigint): GoTime {
    const t = this.stripMono();
    if (d <= 0n) return t;
    return t.add(-this.rem(d));
  }
  round(d: bigint): GoTime {
    const t = this.stripMono();
    if (d <= 0n) return t;
    const r = this.rem(d);
    return r + r < d ? t.add(-r) : t.add(d - r);
  }

  /** Time.Format. */
  format(layout: string): string {
    return formatTime(this, layout);
  }

  /** Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST", plus " m=±s" for a monotonic reading. */
  String(): string {
    let s = this.format("2006-01-02 15:04:05.999999999 -0700 MST");
    if (this.#mono !== null) {
      const m = this.#mono;
      const sign = m < 0n ? "-" : "+";
      const a = m < 0n ? -m : m;
      s += ` m=${sign}${(a / NS).toString()}.${(a % NS).toString().padStart(9, "0")}`;
    }
    return s;
  }

  /** Time.GoString() (fmt's %#v). */
  GoString(): string {
    const f = this.fields();
    const loc = this.#loc === null || this.#loc === UTC ? "time.UTC" : this.#loc === localZone() ? "time.Local" : `time.Location(${timeQuote(this.#loc.name)})`;
    return `time.Date(${f.year}, time.${LONG_MONTHS[f.month - 1] ?? ""}, ${f.day}, ${f.hour}, ${f.min}, ${f.sec}, ${this.#nsec}, ${loc})`;
  }
}

function clampDuration(d: bigint): bigint {
  return d > INT64_MAX ? INT64_MAX : d < INT64_MIN ? INT64_MIN : d;
}

/** time.Date: normalizes out-of-range fields and resolves the zone offset like Go. */
export function goDate(year0: number, month0: number, day0: number, hour0: number, min0: number, sec0: number, nsec0: number, loc: GoLocation): GoTime {
  const [year, m] = norm(year0, month0 - 1, 12);
  const month = m + 1;
  const [sec1, nsec] = norm(sec0, nsec0, 1e9);
  const [min1, sec] = norm(min0, sec1, 60);
  const [hour1, min] = norm(hour0, min1, 60);
  const [day, hour] = norm(day0, hour1, 24);
  let unix = (daysFromCivil(year, month, 1) + day - 1) * SECONDS_PER_DAY + hour * 3600 + min * 60 + sec;
  const z = loc.lookup(unix);
  let offset = z.offset;
  if (offset !== 0) {
    const utc = unix - offset;
    if (utc < z.start || utc >= z.end) offset = loc.lookup(utc).offset;
    unix -= offset;
  }
  return new GoTime(unix, nsec, loc);
}

// ----- layouts -----

type StdKind =
  | "LongMonth"
  | "Month"
  | "NumMonth"
  | "ZeroMonth"
  | "LongWeekDay"
  | "WeekDay"
  | "Day"
  | "UnderDay"
  | "ZeroDay"
  | "UnderYearDay"
  | "ZeroYearDay"
  | "Hour"
  | "Hour12"
  | "ZeroHour12"
  | "Minute"
  | "ZeroMinute"
  | "Second"
  | "ZeroSecond"
  | "LongYear"
  | "Year"
  | "PM"
  | "pm"
  | "TZ"
  | "ISO8601TZ"
  | "ISO8601SecondsTZ"
  | "ISO8601ShortTZ"
  | "ISO8601ColonTZ"
  | "ISO8601ColonSecondsTZ"
  | "NumTZ"
  | "NumSecondsTz"
  | "NumShortTZ"
  | "NumColonTZ"
  | "NumColonSecondsTZ"
  | "FracSecond0"
  | "FracSecond9";

interface Std {
  kind: StdKind;
  /** Fractional seconds: number of digits and the separator ('.' or ','). */
  digits?: number;
  sep?: string;
}

const STD_0X: StdKind[] = ["ZeroMonth", "ZeroDay", "ZeroHour12", "ZeroMinute", "ZeroSecond", "Year"];

function isDigitAt(s: string, i: number): boolean {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

function startsWithLowerCase(s: string): boolean {
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  return c >= 0x61 && c <= 0x7a;
}

/** nextStdChunk: the literal prefix, the first layout element, and the rest. */
function nextStdChunk(layout: string): [prefix: string, std: Std | null, suffix: string] {
  const at = (i: number, s: string): boolean => layout.startsWith(s, i);
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const ret = (kind: StdKind, len: number): [string, Std, string] => [layout.slice(0, i), { kind }, layout.slice(i + len)];
    switch (c) {
      case "J":
        if (at(i, "Jan")) {
          if (at(i, "January")) return ret("LongMonth", 7);
          if (!startsWithLowerCase(layout.slice(i + 3))) return ret("Month", 3);
        }
        break;
      case "M":
        if (at(i, "Mon")) {
          if (at(i, "Monday")) return ret("LongWeekDay", 6);
          if (!startsWithLowerCase(layout.slice(i + 3))) return ret("WeekDay", 3);
        }
        if (at(i, "MST")) return ret("TZ", 3);
        break;
      case "0": {
        const n = layout.charCodeAt(i + 1);
        if (n >= 0x31 && n <= 0x36) return ret(STD_0X[n - 0x31] as StdKind, 2);
        if (at(i, "002")) return ret("ZeroYearDay", 3);
        break;
      }
      case "1":
        if (at(i, "15")) return ret("Hour", 2);
        return ret("NumMonth", 1);
      case "2":
        if (at(i, "2006")) return ret("LongYear", 4);
        return ret("Day", 1);
      case "_":
        if (layout[i + 1] === "2") {
          if (at(i + 1, "2006")) return [layout.slice(0, i + 1), { kind: "LongYear" }, layout.slice(i + 5)];
          return ret("UnderDay", 2);
        }
        if (at(i, "__2")) return ret("UnderYearDay", 3);
        break;
      case "3":
        return ret("Hour12", 1);
      case "4":
        return ret("Minute", 1);
      case "5":
        return ret("Second", 1);
      case "P":
        if (layout[i + 1] === "M") return ret("PM", 2);
        break;
      case "p":
        if (layout[i + 1] === "m") return ret("pm", 2);
        break;
      case "-":
        if (at(i, "-070000")) return ret("NumSecondsTz", 7);
        if (at(i, "-07:00:00")) return ret("NumColonSecondsTZ", 9);
        if (at(i, "-0700")) return ret("NumTZ", 5);
        if (at(i, "-07:00")) return ret("NumColonTZ", 6);
        if (at(i, "-07")) return ret("NumShortTZ", 3);
        break;
      case "Z":
        if (at(i, "Z070000")) return ret("ISO8601SecondsTZ", 7);
        if (at(i, "Z07:00:00")) return ret("ISO8601ColonSecondsTZ", 9);
        if (at(i, "Z0700")) return ret("ISO8601TZ", 5);
        if (at(i, "Z07:00")) return ret("ISO8601ColonTZ", 6);
        if (at(i, "Z07")) return ret("ISO8601ShortTZ", 3);
        break;
      case ".":
      case ",": {
        const ch = layout[i + 1];
        if (ch === "0" || ch === "9") {
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) {
            return [layout.slice(0, i), { kind: ch === "0" ? "FracSecond0" : "FracSecond9", digits: j - (i + 1), sep: c }, layout.slice(j)];
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return [layout, null, ""];
}

function pad(n: number, width: number): string {
  const neg = n < 0;
  const s = String(Math.abs(n)).padStart(width, "0");
  return neg ? `-${s}` : s;
}

function appendNano(nanosec: number, std: Std): string {
  const trim = std.kind === "FracSecond9";
  const n = std.digits ?? 0;
  if (trim && (n === 0 || nanosec === 0)) return "";
  let s = (std.sep ?? ".") + String(nanosec).padStart(9, "0");
  if (n < 9) s = s.slice(0, s.length - 9 + n);
  if (trim) {
    s = s.replace(/0+$/, "");
    if (s.length === 1) s = "";
  }
  return s;
}

const ISO_KINDS: ReadonlySet<StdKind> = new Set(["ISO8601TZ", "ISO8601ColonTZ", "ISO8601SecondsTZ", "ISO8601ShortTZ", "ISO8601ColonSecondsTZ"]);

function formatTime(t: GoTime, layout0: string): string {
  const { name, offset } = t.locabs();
  const f = t.fields();
  let layout = layout0;
  let b = "";
  while (layout !== "") {
    const [prefix, std, suffix] = nextStdChunk(layout);
    b += prefix;
    if (std === null) break;
    layout = suffix;
    switch (std.kind) {
      case "Year":
        b += pad(Math.abs(f.year) % 100, 2);
        break;
      case "LongYear":
        b += pad(f.year, 4);
        break;
      case "Month":
        b += SHORT_MONTHS[f.month - 1] ?? "";
        break;
      case "LongMonth":
        b += LONG_MONTHS[f.month - 1] ?? "";
        break;
      case "NumMonth":
        b += String(f.month);
        break;
      case "ZeroMonth":
        b += pad(f.month, 2);
        break;
      case "WeekDay":
        b += SHORT_DAYS[f.weekday] ?? "";
        break;
      case "LongWeekDay":
        b += LONG_DAYS[f.weekday] ?? "";
        break;
      case "Day":
        b += String(f.day);
        break;
      case "UnderDay":
        b += (f.day < 10 ? " " : "") + String(f.day);
        break;
      case "ZeroDay":
        b += pad(f.day, 2);
        break;
      case "UnderYearDay":
        b += (f.yday < 100 ? (f.yday < 10 ? "  " : " ") : "") + String(f.yday);
        break;
      case "ZeroYearDay":
        b += pad(f.yday, 3);
        break;
      case "Hour":
        b += pad(f.hour, 2);
        break;
      case "Hour12":
        b += String(f.hour % 12 === 0 ? 12 : f.hour % 12);
        break;
      case "ZeroHour12":
        b += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
        break;
      case "Minute":
        b += String(f.min);
        break;
      case "ZeroMinute":
        b += pad(f.min, 2);
        break;
      case "Second":
        b += String(f.sec);
        break;
      case "ZeroSecond":
        b += pad(f.sec, 2);
        break;
      case "PM":
        b += f.hour >= 12 ? "PM" : "AM";
        break;
      case "pm":
        b += f.hour >= 12 ? "pm" : "am";
        break;
      case "TZ":
        if (name !== "") {
          b += name;
        } else {
          const zone = Math.trunc(offset / 60);
          const az = Math.abs(zone);
          b += (zone < 0 ? "-" : "+") + pad(Math.trunc(az / 60), 2) + pad(az % 60, 2);
        }
        break;
      case "FracSecond0":
      case "FracSecond9":
        b += appendNano(t.nanosecond, std);
        break;
      default: {
        // The numeric zone offsets.
        if (offset === 0 && ISO_KINDS.has(std.kind)) {
          b += "Z";
          break;
        }
        let zone = Math.trunc(offset / 60);
        let absoffset = offset;
        if (zone < 0) {
          b += "-";
          zone = -zone;
          absoffset = -absoffset;
        } else {
          b += "+";
        }
        b += pad(Math.trunc(zone / 60), 2);
        const k = std.kind;
        if (k === "ISO8601ColonTZ" || k === "NumColonTZ" || k === "ISO8601ColonSecondsTZ" || k === "NumColonSecondsTZ") b += ":";
        if (k !== "NumShortTZ" && k !== "ISO8601ShortTZ") b += pad(zone % 60, 2);
        if (k === "ISO8601SecondsTZ" || k === "NumSecondsTz" || k === "NumColonSecondsTZ" || k === "ISO8601ColonSecondsTZ") {
          if (k === "NumColonSecondsTZ" || k === "ISO8601ColonSecondsTZ") b += ":";
          b += pad(absoffset % 60, 2);
        }
      }
    }
  }
  return b;
}

// ----- parsing -----

/** time.ParseError, with Go's Error() text as the message. */
export class GoParseError extends GoTimeError {}

/** Internal: a value does not match the layout (caught within parsing; no stack trace is taken, as it is thrown often). */
class Bad extends Error {
  constructor() {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super();
    Error.stackTraceLimit = limit;
  }
}

/** Byte strings: one char per UTF-8 byte, so slicing matches Go's string indexing. */
function toBytes(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}
function quoteB(s: string): string {
  return quoteBytes(Buffer.from(s, "latin1"));
}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message: string): GoParseError {
  if (message === "") {
    return new GoParseError(`parsing time ${quoteB(value)} as ${quoteB(layout)}: cannot parse ${quoteB(valueElem)} as ${quoteB(layoutElem)}`);
  }
  return new GoParseError(`parsing time ${quoteB(value)}${message}`);
}

function leadingInt(s: string): [bigint, string] {
  let x = 0n;
  let i = 0;
  for (; isDigitAt(s, i); i++) {
    if (x > (1n << 63n) / 10n) throw new Bad();
    x = x * 10n + BigInt(s.charCodeAt(i) - 0x30);
    if (x > 1n << 63n) throw new Bad();
  }
  return [x, s.slice(i)];
}

function atoi(s0: string): number {
  let s = s0;
  let neg = false;
  if (s.length > 0 && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  const [q, rem] = leadingInt(s);
  if (rem.length > 0) throw new Bad();
  const x = Number(BigInt.asIntN(64, q));
  return neg ? -x : x;
}

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new Bad();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new Bad();
    return [s.charCodeAt(0) - 0x30, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 0x30) * 10 + s.charCodeAt(1) - 0x30, s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + s.charCodeAt(i) - 0x30;
  if (i === 0 || (fixed && i !== 3)) throw new Bad();
  return [n, s.slice(i)];
}

/** skip: the value after the prefix (runs of spaces match any run), and whether it matched. */
function skip(value0: string, prefix0: string): [string, boolean] {
  let value = value0;
  let prefix = prefix0;
  while (prefix.length > 0) {
    if (prefix[0] === " ") {
      if (value.length > 0 && value[0] !== " ") return [value, false];
      prefix = prefix.replace(/^ +/, "");
      value = value.replace(/^ +/, "");
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return [value, false];
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return [value, true];
}

function match(s1: string, s2: string): boolean {
  for (let i = 0; i < s1.length; i++) {
    let c1 = s1.charCodeAt(i);
    let c2 = s2.charCodeAt(i);
    if (c1 !== c2) {
      c1 |= 0x20;
      c2 |= 0x20;
      if (c1 !== c2 || c1 < 0x61 || c1 > 0x7a) return false;
    }
  }
  return true;
}

function lookupName(tab: readonly string[], val: string): [number, string] {
  for (const [i, v] of tab.entries()) {
    if (val.length >= v.length && match(val.slice(0, v.length), v)) return [i, val.slice(v.length)];
  }
  throw new Bad();
}

function commaOrPeriod(c: string | undefined): boolean {
  return c === "." || c === ",";
}

function parseNanoseconds(value0: string, nbytes0: number): [ns: number, rangeErr: string] {
  let value = value0;
  let nbytes = nbytes0;
  if (!commaOrPeriod(value[0])) throw new Bad();
  if (nbytes > 10) {
    value = value.slice(0, 10);
    nbytes = 10;
  }
  let ns = atoi(value.slice(1, nbytes));
  if (ns < 0) return [0, "fractional second"];
  for (let i = 0; i < 10 - nbytes; i++) ns *= 10;
  return [ns, ""];
}

function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== "-" && sign !== "+") return 0;
  let x: bigint;
  let rem: string;
  try {
    [x, rem] = leadingInt(value.slice(1));
  } catch {
    return 0;
  }
  if (value.slice(1) === rem) return 0;
  if (x > 23n) return 0;
  return value.length - rem.length;
}

function parseTimeZone(value: string): number | undefined {
  if (value.length < 3) return undefined;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) return value.length === 3 ? 3 : 3 + parseSignedOffset(value.slice(3));
  if (value[0] === "+" || value[0] === "-") {
    const n = parseSignedOffset(value);
    return n > 0 ? n : undefined;
  }
  let nUpper = 0;
  for (; nUpper < 6; nUpper++) {
    if (nUpper >= value.length) break;
    const c = value.charCodeAt(nUpper);
    if (c < 0x41 || c > 0x5a) break;
  }
  switch (nUpper) {
    case 5:
      return value[4] === "T" ? 5 : undefined;
    case 4:
      return value[3] === "T" || value.startsWith("WITA") ? 4 : undefined;
    case 3:
      return 3;
    default:
      return undefined;
  }
}

const NUM_TZ: ReadonlySet<StdKind> = new Set(["NumTZ", "NumShortTZ", "NumColonTZ", "NumSecondsTz", "NumColonSecondsTZ", ...ISO_KINDS]);

/** time.ParseInLocation(layout, value, loc) (and time.Parse with loc = UTC, local = Local). */
export function parseTime(layout0: string, value0: string, defaultLocation: GoLocation, local: GoLocation): GoTime {
  const alayout = toBytes(layout0);
  const avalue = toBytes(value0);
  let layout = alayout;
  let value = avalue;
  let rangeErrString = "";
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: GoLocation | null = null;
  let zoneOffset = -1;
  let zoneName = "";

  for (;;) {
    const [prefix, std, suffix] = nextStdChunk(layout);
    const stdstr = layout.slice(prefix.length, layout.length - suffix.length);
    let skipped: boolean;
    [value, skipped] = skip(value, prefix);
    if (!skipped) throw parseError(alayout, avalue, prefix, value, "");
    if (std === null) {
      if (value.length !== 0) throw parseError(alayout, avalue, "", value, `: extra text: ${quoteB(value)}`);
      break;
    }
    layout = suffix;
    const hold = value;
    let bad = false;
    try {
      switch (std.kind) {
        case "Year": {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          year = atoi(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case "LongYear": {
          if (value.length < 4 || !isDigitAt(value, 0)) throw new Bad();
          const p = value.slice(0, 4);
          value = value.slice(4);
          year = atoi(p);
          break;
        }
        case "Month":
          [month, value] = lookupName(SHORT_MONTHS, value);
          month++;
          break;
        case "LongMonth":
          [month, value] = lookupName(LONG_MONTHS, value);
          month++;
          break;
        case "NumMonth":
        case "ZeroMonth":
          [month, value] = getnum(value, std.kind === "ZeroMonth");
          if (month <= 0 || month > 12) rangeErrString = "month";
          break;
        case "WeekDay":
          [, value] = lookupName(SHORT_DAYS, value);
          break;
        case "LongWeekDay":
          [, value] = lookupName(LONG_DAYS, value);
          break;
        case "Day":
        case "UnderDay":
        case "ZeroDay":
          if (std.kind === "UnderDay" && value[0] === " ") value = value.slice(1);
          [day, value] = getnum(value, std.kind === "ZeroDay");
          break;
        case "UnderYearDay":
        case "ZeroYearDay":
          for (let i = 0; i < 2; i++) if (std.kind === "UnderYearDay" && value[0] === " ") value = value.slice(1);
          [yday, value] = getnum3(value, std.kind === "ZeroYearDay");
          break;
        case "Hour":
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErrString = "hour";
          break;
        case "Hour12":
        case "ZeroHour12":
          [hour, value] = getnum(value, std.kind === "ZeroHour12");
          if (hour < 0 || hour > 12) rangeErrString = "hour";
          break;
        case "Minute":
        case "ZeroMinute":
          [min, value] = getnum(value, std.kind === "ZeroMinute");
          if (min < 0 || min >= 60) rangeErrString = "minute";
          break;
        case "Second":
        case "ZeroSecond": {
          [sec, value] = getnum(value, std.kind === "ZeroSecond");
          if (sec < 0 || sec >= 60) {
            rangeErrString = "second";
            break;
          }
          if (value.length >= 2 && commaOrPeriod(value[0]) && isDigitAt(value, 1)) {
            const next = nextStdChunk(layout)[1];
            if (next && (next.kind === "FracSecond0" || next.kind === "FracSecond9")) break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            [nsec, rangeErrString] = parseNanoseconds(value, n);
            value = value.slice(n);
          }
          break;
        }
        case "PM":
        case "pm": {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [pm, am] = std.kind === "PM" ? ["PM", "AM"] : ["pm", "am"];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw new Bad();
          break;
        }
        case "TZ": {
          if (value.startsWith("UTC")) {
            z = UTC;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === undefined) throw new Bad();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case "FracSecond0": {
          const ndigit = 1 + (std.digits ?? 0);
          if (value.length < ndigit) throw new Bad();
          [nsec, rangeErrString] = parseNanoseconds(value, ndigit);
          value = value.slice(ndigit);
          break;
        }
        case "FracSecond9": {
          if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigitAt(value, 1)) break;
          let i = 0;
          while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
          [nsec, rangeErrString] = parseNanoseconds(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
        default: {
          if (!NUM_TZ.has(std.kind)) break;
          if (ISO_KINDS.has(std.kind) && value[0] === "Z") {
            value = value.slice(1);
            z = UTC;
            break;
          }
          const k = std.kind;
          let sign: string;
          let hh: string;
          let mm: string;
          let ss: string;
          if (k === "ISO8601ColonTZ" || k === "NumColonTZ") {
            if (value.length < 6 || value[3] !== ":") throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), "00", value.slice(6)];
          } else if (k === "NumShortTZ" || k === "ISO8601ShortTZ") {
            if (value.length < 3) throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), "00", "00", value.slice(3)];
          } else if (k === "ISO8601ColonSecondsTZ" || k === "NumColonSecondsTZ") {
            if (value.length < 9 || value[3] !== ":" || value[6] !== ":") throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
          } else if (k === "ISO8601SecondsTZ" || k === "NumSecondsTz") {
            if (value.length < 7) throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
          } else {
            if (value.length < 5) throw new Bad();
            [sign, hh, mm, ss, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), "00", value.slice(5)];
          }
          let hr = 0;
          let mi = 0;
          let se = 0;
          let err = false;
          try {
            [hr] = getnum(hh, true);
            [mi] = getnum(mm, true);
            [se] = getnum(ss, true);
          } catch {
            err = true;
          }
          if (hr > 24) rangeErrString = "time zone offset hour";
          if (mi > 60) rangeErrString = "time zone offset minute";
          if (se > 60) rangeErrString = "time zone offset second";
          zoneOffset = (hr * 60 + mi) * 60 + se;
          if (sign === "-") zoneOffset = -zoneOffset;
          else if (sign !== "+") err = true;
          if (err) bad = true;
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      bad = true;
    }
    if (rangeErrString !== "") throw parseError(alayout, avalue, stdstr, value, `: ${rangeErrString} out of range`);
    if (bad) throw parseError(alayout, avalue, stdstr, hold, "");
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365) throw parseError(alayout, avalue, "", value, ": day-of-year out of range");
    if (m === 0) {
      m = Math.trunc((yday - 1) / 31) + 1;
      if ((DAYS_BEFORE[m] ?? 0) < yday) m++;
      d = yday - (DAYS_BEFORE[m - 1] ?? 0);
    }
    if (month >= 0 && month !== m) throw parseError(alayout, avalue, "", value, ": day-of-year does not match month");
    month = m;
    if (day >= 0 && day !== d) throw parseError(alayout, avalue, "", value, ": day-of-year does not match day");
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw parseError(alayout, avalue, "", value, ": day out of range");

  if (z !== null) return goDate(year, month, day, hour, min, sec, nsec, z);
  const name = Buffer.from(zoneName, "latin1").toString("utf8");
  if (zoneOffset !== -1) {
    const t = goDate(year, month, day, hour, min, sec, nsec, UTC).add(BigInt(-zoneOffset) * NS);
    const lz = local.lookup(t.unixSec);
    if (lz.offset === zoneOffset && (zoneName === "" || lz.name === name)) return t.in(local);
    return t.in(fixedZone(name, zoneOffset));
  }
  if (zoneName !== "") {
    const t = goDate(year, month, day, hour, min, sec, nsec, UTC);
    const offset = local.lookupName(name, t.unixSec);
    if (offset !== undefined) return t.add(BigInt(-offset) * NS).in(local);
    let off = 0;
    if (zoneName.length > 3 && zoneName.startsWith("GMT")) off = atoi(zoneName.slice(3)) * 3600;
    return t.in(fixedZone(name, off));
  }
  return goDate(year, month, day, hour, min, sec, nsec, defaultLocation);
}

// ----- template methods -----

function int(n: number | bigint): GoInt {
  return new GoInt(n, "int");
}
function int64(n: number | bigint): GoInt {
  return new GoInt(n, "int64");
}

/** time.Month / time.Weekday: an int printed by name. */
export class GoNamedInt {
  readonly n: number;
  readonly names: readonly string[];
  declare [GO_TYPE]: string;
  constructor(n: number, type: "time.Month" | "time.Weekday") {
    this.n = n;
    this.names = type === "time.Month" ? LONG_MONTHS : LONG_DAYS;
    Object.defineProperty(this, GO_TYPE, { value: type });
    Object.defineProperty(this, "n", { enumerable: false });
    Object.defineProperty(this, "names", { enumerable: false });
  }
  String(): string {
    const name = this.names[this[GO_TYPE] === "time.Month" ? this.n - 1 : this.n];
    return name ?? `%!${this[GO_TYPE] === "time.Month" ? "Month" : "Weekday"}(${this.n})`;
  }
}

const TIME_METHODS: Record<string, GoFunc> = {
  Add: goFunc("time.Duration -> time.Time", function (this: GoTime, d: GoDuration) {
    return this.add(d.ns);
  }),
  AddDate: goFunc("int, int, int -> time.Time", function (this: GoTime, y: GoInt, m: GoInt, d: GoInt) {
    return this.addDate(y.toNumber(), m.toNumber(), d.toNumber());
  }),
  After: goFunc("time.Time -> bool", function (this: GoTime, u: GoTime) {
    return this.compare(u) > 0;
  }),
  Before: goFunc("time.Time -> bool", function (this: GoTime, u: GoTime) {
    return this.compare(u) < 0;
  }),
  Compare: goFunc("time.Time -> int", function (this: GoTime, u: GoTime) {
    return int(this.compare(u));
  }),
  Equal: goFunc("time.Time -> bool", function (this: GoTime, u: GoTime) {
    return this.compare(u) === 0;
  }),
  Day: goFunc("-> int", function (this: GoTime) {
    return int(this.fields().day);
  }),
  Format: goFunc("string -> string", function (this: GoTime, layout: string) {
    return this.format(layout);
  }),
  GoString: goFunc("-> string", function (this: GoTime) {
    return this.GoString();
  }),
  Hour: goFunc("-> int", function (this: GoTime) {
    return int(this.fields().hour);
  }),
  In: goFunc("*time.Location -> time.Time", function (this: GoTime, loc: GoLocation | null) {
    if (loc === null) throw new Error("time: missing Location in call to Time.In");
    return this.in(loc);
  }),
  IsDST: goFunc("-> bool", function (this: GoTime) {
    return this.location.lookup(this.unixSec).isDST;
  }),
  IsZero: goFunc("-> bool", function (this: GoTime) {
    return this.isZero();
  }),
  Local: goFunc("-> time.Time", function (this: GoTime) {
    return this.local();
  }),
  Location: goFunc("-> *time.Location", function (this: GoTime) {
    return this.location;
  }),
  Minute: goFunc("-> int", function (this: GoTime) {
    return int(this.fields().min);
  }),
  Month: goFunc("-> time.Month", function (this: GoTime) {
    return new GoNamedInt(this.fields().month, "time.Month");
  }),
  Nanosecond: goFunc("-> int", function (this: GoTime) {
    return int(this.nanosecond);
  }),
  Round: goFunc("time.Duration -> time.Time", function (this: GoTime, d: GoDuration) {
    return this.round(d.ns);
  }),
  Second: goFunc("-> int", function (this: GoTime) {
    return int(this.fields().sec);
  }),
  String: goFunc("-> string", function (this: GoTime) {
    return this.String();
  }),
  Sub: goFunc("time.Time -> time.Duration", function (this: GoTime, u: GoTime) {
    return new GoDuration(this.sub(u));
  }),
  Truncate: goFunc("time.Duration -> time.Time", function (this: GoTime, d: GoDuration) {
    return this.truncate(d.ns);
  }),
  UTC: goFunc("-> time.Time", function (this: GoTime) {
    return this.utc();
  }),
  Unix: goFunc("-> int64", function (this: GoTime) {
    return int64(this.unixSec);
  }),
  UnixMilli: goFunc("-> int64", function (this: GoTime) {
    return int64(this.unixNano / 1_000_000n - (this.unixNano % 1_000_000n < 0n ? 1n : 0n));
  }),
  UnixMicro: goFunc("-> int64", function (this: GoTime) {
    return int64(this.unixNano / 1000n - (this.unixNano % 1000n < 0n ? 1n : 0n));
  }),
  UnixNano: goFunc("-> int64", function (this: GoTime) {
    return int64(this.unixNano);
  }),
  Weekday: goFunc("-> time.Weekday", function (this: GoTime) {
    return new GoNamedInt(this.fields().weekday, "time.Weekday");
  }),
  Year: goFunc("-> int", function (this: GoTime) {
    return int(this.fields().year);
  }),
  YearDay: goFunc("-> int", function (this: GoTime) {
    return int(this.fields().yday);
  }),
  MarshalText: goFunc("-> ([]uint8, error)", function (this: GoTime) {
    return utf8(this.format("2006-01-02T15:04:05.999999999Z07:00"));
  }),
  MarshalJSON: goFunc("-> ([]uint8, error)", function (this: GoTime) {
    return utf8(`"${this.format("2006-01-02T15:04:05.999999999Z07:00")}"`);
  }),
};

const DURATION_METHODS: Record<string, GoFunc> = {
  String: goFunc("-> string", function (this: GoDuration) {
    return this.String();
  }),
  Nanoseconds: goFunc("-> int64", function (this: GoDuration) {
    return int64(this.ns);
  }),
  Microseconds: goFunc("-> int64", function (this: GoDuration) {
    return int64(this.ns / 1000n);
  }),
  Milliseconds: goFunc("-> int64", function (this: GoDuration) {
    return int64(this.ns / 1_000_000n);
  }),
  Seconds: goFunc("-> float64", function (this: GoDuration) {
    return Number(this.ns / NS) + Number(this.ns % NS) / 1e9;
  }),
  Minutes: goFunc("-> float64", function (this: GoDuration) {
    const m = 60n * NS;
    return Number(this.ns / m) + Number(this.ns % m) / (60 * 1e9);
  }),
  Hours: goFunc("-> float64", function (this: GoDuration) {
    const h = 3600n * NS;
    return Number(this.ns / h) + Number(this.ns % h) / (3600 * 1e9);
  }),
  Round: goFunc("time.Duration -> time.Duration", function (this: GoDuration, m: GoDuration) {
    return new GoDuration(roundDuration(this.ns, m.ns));
  }),
  Truncate: goFunc("time.Duration -> time.Duration", function (this: GoDuration, m: GoDuration) {
    return new GoDuration(m.ns <= 0n ? this.ns : this.ns - (this.ns % m.ns));
  }),
  Abs: goFunc("-> time.Duration", function (this: GoDuration) {
    return new GoDuration(this.ns >= 0n ? this.ns : this.ns === INT64_MIN ? INT64_MAX : -this.ns);
  }),
};

const LOCATION_METHODS: Record<string, GoFunc> = {
  String: goFunc("-> string", function (this: GoLocation) {
    return this.name;
  }),
};

// encoding/json: time.Time marshals as RFC 3339 with nanoseconds (years 0–9999 only),
// Duration and Month/Weekday as their integers, *time.Location (no exported fields) as {}.
Object.defineProperty(GoTime.prototype, MARSHAL_JSON, {
  value(this: GoTime): string {
    const y = this.fields().year;
    if (y < 0 || y > 9999) throw new JsonError("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]");
    return this.format("2006-01-02T15:04:05.999999999Z07:00");
  },
});
Object.defineProperty(GoDuration.prototype, MARSHAL_JSON, {
  value(this: GoDuration): GoInt {
    return new GoInt(this.ns, "int64");
  },
});
Object.defineProperty(GoNamedInt.prototype, MARSHAL_JSON, {
  value(this: GoNamedInt): GoInt {
    return new GoInt(this.n, "int");
  },
});
Object.defineProperty(GoLocation.prototype, MARSHAL_JSON, {
  value(): Map<string, unknown> {
    return new Map();
  },
});
Object.defineProperty(GoTime.prototype, GO_TYPE, { value: "time.Time" });
Object.defineProperty(GoTime.prototype, GO_METHODS, { value: TIME_METHODS });
Object.defineProperty(GoDuration.prototype, GO_TYPE, { value: "time.Duration" });
Object.defineProperty(GoDuration.prototype, GO_METHODS, { value: DURATION_METHODS });
Object.defineProperty(GoLocation.prototype, GO_TYPE, { value: "*time.Location" });
Object.defineProperty(GoLocation.prototype, GO_METHODS, { value: LOCATION_METHODS });
