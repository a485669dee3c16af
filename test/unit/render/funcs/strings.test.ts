import { runCases } from "./harness.ts";

runCases("strings");
