/**
 * `npm run env:up` / `npm run env:down` / `node test/env/cli.ts status`.
 */
import { envShPath } from "./paths.ts";
import { down, isHealthy, loadEnv, residentMemory, up } from "./env.ts";

const log = (msg: string): void => {
  process.stderr.write(`[env] ${msg}\n`);
};

const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;

async function main(cmd: string | undefined): Promise<number> {
  switch (cmd) {
    case "up": {
      const started = Date.now();
      const env = await up(log);
      const mem = residentMemory(env);
      log(`environment up in ${((Date.now() - started) / 1000).toFixed(1)}s; resident memory ${mib(mem.total)}`);
      log(`use it with: source ${envShPath}`);
      return 0;
    }
    case "down": {
      const stopped = await down(log);
      log(stopped.length > 0 ? `stopped: ${stopped.join(", ")}` : "nothing was running");
      return 0;
    }
    case "status": {
      const env = loadEnv();
      if (!env || !(await isHealthy(env))) {
        log("environment is not up");
        return 1;
      }
      const mem = residentMemory(env);
      for (const [name, bytes] of Object.entries(mem.byComponent)) log(`${name.padEnd(24)} ${mib(bytes)}`);
      log(`${"total".padEnd(24)} ${mib(mem.total)}`);
      log(`kubeconfig ${env.kubeconfig}; registries ${env.registry} (anonymous), ${env.registryAuth} (basic auth)`);
      return 0;
    }
    default:
      log("usage: node test/env/cli.ts up|down|status");
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
