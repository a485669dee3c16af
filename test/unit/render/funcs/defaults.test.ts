import { runCases } from "./harness.ts";

runCases("defaults");
