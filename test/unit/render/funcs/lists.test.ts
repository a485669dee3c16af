import { runCases } from "./harness.ts";

runCases("lists");
