// Entry point used by bin/bosun.js (compiled) and `node src/cli/index.ts` (sources).
import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
