/* global URL */
// Writes cases-semver.json: the semver/semverCompare cases run by main.go (Go) and semver.test.ts (bosun).
import { writeFileSync } from "node:fs";

const cases = [];
const add = (tmpl) => cases.push({ name: `s${cases.length}`, tmpl });
const q = (s) => JSON.stringify(s);
for (const v of ["1.2.3", "v1.2", "1", "1.2.3-beta.1+build.5", "01.02.03", "", "foo", "1.2.3.4", "18446744073709551616", "1.2.3-01"]) {
  add(`{{ $v := semver ${q(v)} }}{{ $v }}|{{ $v.Major }}|{{ $v.Minor }}|{{ $v.Patch }}|{{ $v.Prerelease }}|{{ $v.Metadata }}|{{ $v.Original }}|{{ $v.String }}|{{ printf "%T %v %+v %#v" $v $v $v $v }}`);
}
const pairs = [
  [">=1.2.3", "1.2.3"], ["^1.2", "1.9.0"], ["~1.2", "1.3.0"], ["<2.0.0-0", "2.0.0-rc.1"], ["<2.0.0", "2.0.0-rc.1"], [">= 1.19-0", "v1.27.3-gke.100"],
  [">=1.16.0-0", "1.30.2-eks-1552ad0"], [">= 1.21.0-0 < 1.31.0-0", "v1.29.1+k3s1"], ["1.2 - 1.4.5", "1.4.6"], ["1.x || >=3", "3.5.0"], ["", "1.0.0"],
  ["foo", "1.0.0"], ["1.0.0", "foo"], ["!=1.2.x", "1.2.9"], [">1.2.3 <1.2.3", "1.2.3"], ["*", "0.0.0-alpha"], [">=0.0.0-0", "0.0.0-alpha"], ["=1.2.3+meta", "1.2.3"],
  [">=1.2.3, <2", "1.9.9"], ["1.2.3 ||", "1.2.3"],
];
for (const [c, v] of pairs) add(`{{ semverCompare ${q(c)} ${q(v)} }}`);
add(`{{ semverCompare 1 "1" }}`);
add(`{{ semverCompare "1" }}`);
add(`{{ (semver "1.2.3").major }}`);
add(`{{ (semver "1.2.3").IncPatch.LessThan (semver "2.0.0") }}`);
add(`{{ (semver "1.2.3").IncPatch.Original }}`);
add(`{{ printf "%T %v %+v %#v" (semver "1.2.3").IncPatch (semver "v1.2").IncMinor (semver "1.2.3-b") (semver "1.2.3").IncMajor }}`);
add(`{{ (semver "1.2.3-rc.1").IncPatch }} {{ (semver "v1.2.3").IncPatch }} {{ (semver "v1.2.3").IncMajor.IncMinor }} {{ ((semver "v1.2.3").SetMetadata "b.1").Metadata }}`);
add(`{{ (semver "1.2.3").Major | printf "%T %v" }}`);
add(`{{ (semver "1.2.3").SetPrerelease "01" }}`);
add(`{{ (semver "1.2.3").SetPrerelease "rc.1" }}`);
add(`{{ (semver "1.2.3").SetMetadata "a..b" }}`);
add(`{{ (semver "1.2.3").Compare (semver "1.2.3+b") | printf "%T %v" }} {{ (semver "1.2.3").Compare (semver "1.3") }} {{ (semver "1.3.0").Compare (semver "1.2.9") }}`);
add(`{{ (semver "1.2.3").LessThan (semver "1.2.4") }} {{ (semver "1.2.3").LessThanEqual (semver "1.2.3") }} {{ (semver "1.2.3").GreaterThan (semver "1.2.3-rc") }} {{ (semver "1.2.3").GreaterThanEqual (semver "2") }} {{ (semver "1.2.3").Equal (semver "v1.2.3+x") }}`);
add(`{{ (semver "1.2.3").MarshalJSON }} {{ (semver "1.2.3").MarshalText | printf "%s" }} {{ (semver "v1.2").Value }}`);
add(`{{ (semver "1.2.3").UnmarshalText "x" }}`);
add(`{{ (semver "1.2.3").LessThan "1.2" }}`);
add(`{{ (semver "1.2.3").Equal nil }} {{ (semver "1.2.3").Equal .x }}`);
add(`{{ $v := semver "1.2.3" }}{{ $v.Scan "3.0.0" }} {{ $v }} {{ $v.Scan 5 }} {{ $v }}`);
add(`{{ (semver "1.2.3").LessThan nil }}`);
add(`{{ semver "1.2.3" | len }}`);
add(`{{ if semver "0.0.0" }}t{{ end }}`);
add(`{{ semver 1.5 }}`);
writeFileSync(new URL("cases-semver.json", import.meta.url), `${JSON.stringify(cases, null, 1)}\n`);
