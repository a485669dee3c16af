import { runCases } from "./harness.ts";

runCases("reflect");
