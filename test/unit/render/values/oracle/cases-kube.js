import { writeFileSync } from "node:fs";
const cases = [];
const versions = ["", "1.20", "v1.20", "1.20.3", "v1.33.4-gke.1245000", "1.33.4+build", "1", "v1", "abc", "01.2", "1.02", "1.2.3.4", " 1.25", "1.25 ", "v1.28.0-rc.1", "99999999999999999999.1", "1.2.x", "1.30.0-alpha.1"];
const constraints = ["", ">=1.20.0", ">=1.20.0-0", ">= 1.21", "<1.20", "~1.33", "^1.35.0", ">=1.35.0-0", "1.20.x", ">=1.30 <1.34", "not-a-constraint", ">=1.28.0-0 <1.29.0-0", "=1.33.4"];
for (const version of versions) for (const constraint of constraints) cases.push({ version, constraint });
writeFileSync(process.argv[2], JSON.stringify(cases, null, 1) + "\n");
