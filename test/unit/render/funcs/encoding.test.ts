// Sprig's encoding functions against Go itself: oracle/cases-encoding.json was run by
// oracle/main.go (Go 1.26 + Sprig v3.3.0 + Masterminds semver v3.4.0).
import { oracleTests } from "./oracle/harness.ts";

oracleTests("encoding");
