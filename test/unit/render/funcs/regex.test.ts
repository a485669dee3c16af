import { runCases } from "./harness.ts";

runCases("regex");
