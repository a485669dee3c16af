// Sprig's semver functions against Go itself: oracle/cases-semver.json was run
// by oracle/main.go (Go 1.26 + Sprig v3.3.0 + Masterminds semver v3.4.0).
import { oracleTests } from "./oracle/harness.ts";

oracleTests("semver", {
  '{{ $v := semver "1.2.3" }}{{ $v.Scan "3.0.0" }} {{ $v }} {{ $v.Scan 5 }} {{ $v }}': {
    reason: "a nil `error` result prints <nil> in Go; bosun's executor turns every nil pipeline result into the invalid value (<no value>)",
    out: "<no value> 3.0.0 invalid semantic version 3.0.0",
  },
  '{{ semver "1.2.3" | len }}': {
    reason: "Go's len builtin dereferences the pointer before naming its type; bosun's builtin (src/template/builtins.ts) names the pointer type",
    err: 'template: s49:1:20: executing "s49" at <len>: error calling len: len of type *semver.Version',
  },
});
