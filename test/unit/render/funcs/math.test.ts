import { runCases } from "./harness.ts";

runCases("math");
