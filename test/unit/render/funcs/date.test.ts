// Sprig's date functions and Go's time formatting/parsing against Go itself:
// oracle/cases-date.json was run by oracle/main.go (Go 1.26 + Sprig v3.3.0,
// TZ=UTC, with the zone a case names as time.Local).
import assert from "node:assert/strict";
import { test } from "node:test";
import { oracleTests, render } from "./oracle/harness.ts";
import { formatDuration, goDate, GoTime, intlLocation, loadLocation, parseDuration, parseTime } from "../../../../src/render/funcs/time.ts";

oracleTests("date", {
  '{{ (toDate "2006-01-02" "2024-07-01").Add 5 }}': {
    reason: "Go converts an integer constant to time.Duration (an int64 kind); bosun's executor only converts constants to the builtin int types",
    err: `template: d497:1:42: executing "d497" at <5>: can't handle 5 for arg of type time.Duration`,
  },
  '{{ printf "%v|%s|%d" (toDate "2006-01-02" "2024-07-01") (toDate "2006-01-02" "2024-07-01").Month (toDate "2006-01-02" "2024-07-01").Weekday }}': {
    reason: "time.Month/time.Weekday are Stringers over an int: bosun models them as Stringer structs, so %d cannot print the number",
    out: "2024-07-01 00:00:00 +0000 UTC|July|{}",
  },
});

test("now and the functions of the current time", () => {
  const year = String(new Date().getUTCFullYear());
  const r = render(`{{ now | date "2006" }} {{ date "2006" .f }} {{ date "2006" .s }} {{ date "2006" .n }} {{ htmlDate "x" }}`);
  assert.equal(r.out, `${year} ${year} ${year} ${year} ${new Date().toISOString().slice(0, 10)}`);
  const s = render(`{{ now }}`).out ?? "";
  assert.match(s, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}$/);
  assert.match(render(`{{ now.UTC }}`).out ?? "", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);
  assert.equal(render(`{{ ago now }} {{ ago (now | dateModify "-90m") }} {{ ago .i }}`).out?.replace(/^0s 1h30m0s \d+h\d+m\d+s$/, "ok"), "ok");
  assert.equal(render(`{{ durationRound (now | dateModify "-50h") }} {{ printf "%T" now }}`).out, "2d time.Time");
  const unix = Number(render(`{{ now | unixEpoch }}`).out);
  assert.ok(Math.abs(unix - Date.now() / 1000) < 5);
  assert.equal(render(`{{ date "MST" now }}`, "t", "Asia/Tokyo").out, "JST");
});

test("durations", () => {
  assert.equal(formatDuration(3_723_500_000_000n), "1h2m3.5s");
  assert.equal(formatDuration(-1_500_000n), "-1.5ms");
  assert.equal(formatDuration(1_500n), "1.5µs");
  assert.equal(parseDuration("1h30m"), 5_400_000_000_000n);
  assert.throws(() => parseDuration("1d"), { message: 'time: unknown unit "d" in duration "1d"' });
  assert.equal(GoTime.unix(0).add(-1n).format("2006-01-02T15:04:05.999999999Z07:00"), "1969-12-31T23:59:59.999999999Z");
});

test("zones without TZif data fall back to Intl offsets", () => {
  for (const name of ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns"]) {
    const tzif = loadLocation(name);
    const intl = intlLocation(name);
    assert.ok(tzif && intl);
    for (let day = 0; day < 366; day += 3) {
      for (const hour of [0, 1, 2, 3, 12]) {
        const wall = goDate(2024, 1, 1 + day, hour, 30, 0, 0, tzif);
        const viaIntl = goDate(2024, 1, 1 + day, hour, 30, 0, 0, intl);
        assert.equal(viaIntl.unixSec, wall.unixSec, `${name} day ${day} ${hour}:30`);
        assert.equal(viaIntl.format("-07:00"), wall.format("-07:00"));
      }
    }
  }
  assert.equal(intlLocation("Nope/Zone"), undefined);
  const t = parseTime("2006-01-02 15:04", "2024-07-01 12:00", intlLocation("Asia/Kolkata") ?? GoTime.zero().location, GoTime.zero().location);
  assert.equal(t.String(), "2024-07-01 12:00:00 +0530 +0530");
});
