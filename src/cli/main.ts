/**
 * The `bosun` command. Subcommands arrive with the capabilities they expose:
 * `template` (render a chart like `helm template`) and `run` (the controller).
 */
import pkg from "../../package.json" with { type: "json" };
import { templateCommand } from "./template.ts";

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `bosun — GitOps reconciliation of Helm charts from OCI registries

Usage:
  bosun <command> [flags]

Commands:
  run        Run the HelmRelease controller
  template   Render a chart locally, as "helm template" does
  version    Print the version
  help       Show this help

Flags:
  -h, --help       Show this help
  -v, --version    Print the version
`;

export function version(): string {
  return pkg.version;
}

/** Runs the command line `args` (without node and script) and returns the exit code. */
export function main(args: readonly string[], io: CliIO): number | Promise<number> {
  const [cmd, ...rest] = args;
  switch (cmd) {
    case undefined:
    case "help":
    case "-h":
    case "--help":
      io.out(USAGE);
      return 0;
    case "version":
    case "-v":
    case "--version":
      if (rest.length > 0) {
        io.err(`Error: "bosun version" takes no arguments, got ${rest.join(" ")}\n`);
        return 2;
      }
      io.out(`bosun ${version()}\n`);
      return 0;
    case "template":
      return templateCommand(rest, io);
    case "run":
      // Loaded on demand: the controller's dependencies (client-node, pino,
      // prom-client) would only slow down `bosun template`'s start.
      return import("./run.ts").then((m) => m.runCommand(rest, io));
    default:
      io.err(`Error: unknown command "${cmd}" for "bosun"\nRun 'bosun --help' for usage.\n`);
      return 2;
  }
}
