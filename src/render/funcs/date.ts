/**
 * Sprig v3.3.0's date functions (date.go): now, date, dateInZone /
 * date_in_zone, htmlDate, htmlDateInZone, dateModify / date_modify,
 * mustDateModify / must_date_modify, toDate, mustToDate, unixEpoch, ago,
 * duration, durationRound — with Sprig's exact argument handling: `date`
 * accepts a time.Time or an int/int32/int64 of Unix seconds and formats the
 * current time for anything else (float64 included); unknown zones format
 * in UTC; toDate returns the zero time on a parse error.
 *
 * Times are in Go's local zone, which bosun takes from TZ (UTC when unset):
 * see time.ts.
 */
import { FuncError, GoInt, goFunc, type GoFunc } from "../../template/index.ts";
import { MARSHAL_YAML } from "../format/yaml-v3.ts";
import { GoDuration, GoLocation, GoNamedInt, GoTime, GoTimeError, formatDuration, loadLocation, localZone, parseDuration, parseTime, roundDuration, UTC } from "./time.ts";

// go-yaml v3 (toYamlPretty): a Duration encodes as its String(), Month/Weekday
// as integers, a *time.Location (no exported fields) as {}. Defined here, not
// in time.ts, because the YAML encoder itself imports time.ts.
Object.defineProperty(GoDuration.prototype, MARSHAL_YAML, {
  value(this: GoDuration): string {
    return formatDuration(this.ns);
  },
});
Object.defineProperty(GoNamedInt.prototype, MARSHAL_YAML, {
  value(this: GoNamedInt): GoInt {
    return new GoInt(this.n, "int");
  },
});
Object.defineProperty(GoLocation.prototype, MARSHAL_YAML, {
  value(): Map<string, unknown> {
    return new Map();
  },
});

const NS = 1_000_000_000n;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** The time Sprig's type switches make of a date argument (time.Now() for other types). */
function toTime(date: unknown, kinds: readonly string[]): GoTime {
  if (date instanceof GoTime) return date;
  if (date instanceof GoInt && kinds.includes(date.kind)) return GoTime.unix(date.value);
  return GoTime.now();
}

function dateInZone(layout: string, date: unknown, zone: string): string {
  const t = toTime(date, ["int64", "int", "int32"]);
  const loc = loadLocation(zone) ?? UTC;
  return t.in(loc).format(layout);
}

/** strconv.ParseInt(s, 10, 64) with the error ignored: 0 on bad syntax, clamped on overflow. */
function parseIntIgnoringErrors(s: string): bigint {
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) return 0n;
  const n = BigInt(m[2] ?? "0") * (m[1] === "-" ? -1n : 1n);
  return n > INT64_MAX ? INT64_MAX : n < INT64_MIN ? INT64_MIN : n;
}

function durationRound(v: unknown): string {
  let d = 0n;
  if (typeof v === "string") {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (v instanceof GoInt && v.kind === "int64") {
    d = v.value;
  } else if (v instanceof GoTime) {
    d = GoTime.now().sub(v);
  }
  let u = BigInt.asUintN(64, d);
  if (d < 0n) u = BigInt.asUintN(64, -u);
  const hour = 3600n * NS;
  const units: [bigint, string][] = [
    [hour * 24n * 365n, "y"],
    [hour * 24n * 30n, "mo"],
    [hour * 24n, "d"],
    [hour, "h"],
    [60n * NS, "m"],
    [NS, "s"],
  ];
  for (const [size, suffix] of units) if (u > size) return `${(u / size).toString()}${suffix}`;
  return "0s";
}

function dateModify(fmt: string, date: GoTime): GoTime {
  try {
    return date.add(parseDuration(fmt));
  } catch (e) {
    if (e instanceof GoTimeError) return date;
    throw e;
  }
}

function mustDateModify(fmt: string, date: GoTime): GoTime {
  try {
    return date.add(parseDuration(fmt));
  } catch (e) {
    if (e instanceof GoTimeError) throw new FuncError(e.message);
    throw e;
  }
}

function mustToDate(fmt: string, str: string): GoTime {
  try {
    return parseTime(fmt, str, localZone(), localZone());
  } catch (e) {
    if (e instanceof GoTimeError) throw new FuncError(e.message);
    throw e;
  }
}

export function dateFuncs(): Record<string, GoFunc> {
  const dateInZoneFn = goFunc("string, interface {}, string -> string", dateInZone);
  const dateModifyFn = goFunc("string, time.Time -> time.Time", dateModify);
  const mustDateModifyFn = goFunc("string, time.Time -> (time.Time, error)", mustDateModify);
  return {
    ago: goFunc("interface {} -> string", (date: unknown) => {
      const t = toTime(date, ["int64", "int"]);
      return formatDuration(roundDuration(GoTime.now().sub(t), NS));
    }),
    date: goFunc("string, interface {} -> string", (layout: string, date: unknown) => dateInZone(layout, date, "Local")),
    date_in_zone: dateInZoneFn,
    date_modify: dateModifyFn,
    dateInZone: dateInZoneFn,
    dateModify: dateModifyFn,
    duration: goFunc("interface {} -> string", (sec: unknown) => {
      let n = 0n;
      if (typeof sec === "string") n = parseIntIgnoringErrors(sec);
      else if (sec instanceof GoInt && sec.kind === "int64") n = sec.value;
      return formatDuration(BigInt.asIntN(64, n * NS));
    }),
    durationRound: goFunc("interface {} -> string", durationRound),
    htmlDate: goFunc("interface {} -> string", (date: unknown) => dateInZone("2006-01-02", date, "Local")),
    htmlDateInZone: goFunc("interface {}, string -> string", (date: unknown, zone: string) => dateInZone("2006-01-02", date, zone)),
    must_date_modify: mustDateModifyFn,
    mustDateModify: mustDateModifyFn,
    mustToDate: goFunc("string, string -> (time.Time, error)", mustToDate),
    now: goFunc("-> time.Time", () => GoTime.now()),
    toDate: goFunc("string, string -> time.Time", (fmt: string, str: string) => {
      try {
        return parseTime(fmt, str, localZone(), localZone());
      } catch (e) {
        if (e instanceof GoTimeError) return GoTime.zero();
        throw e;
      }
    }),
    unixEpoch: goFunc("time.Time -> string", (date: GoTime) => String(date.unixSec)),
  };
}
