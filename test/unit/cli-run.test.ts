import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRunArgs } from "../../src/cli/run.ts";

test("bosun run: defaults", () => {
  const cfg = parseRunArgs([], { HOME: "/home/u" });
  assert.ok(cfg !== "help");
  assert.deepEqual(
    { ...cfg, cacheDir: cfg.cacheDir.replace(/\\/g, "/") },
    {
      namespaces: [],
      concurrency: 4,
      leaderElect: false,
      leaderElectionNamespace: cfg.leaderElectionNamespace,
      leaderElectionId: "bosun-controller-leader",
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      cacheDir: cfg.cacheDir.replace(/\\/g, "/"),
      logLevel: "info",
      shutdownTimeoutMs: 30_000,
      metricsAddress: ":8080",
    },
  );
  assert.match(cfg.cacheDir, /bosun[/\\]charts$/);
});

test("bosun run: flags win over BOSUN_* environment variables, which win over defaults", () => {
  const env = { BOSUN_CONCURRENCY: "8", BOSUN_NAMESPACES: "a, b", BOSUN_LOG_LEVEL: "DEBUG", BOSUN_LEADER_ELECT: "true", BOSUN_CACHE_DIR: "/var/cache/b" };
  const cfg = parseRunArgs(["--concurrency", "12", "--label-selector", "shard=1", "--metrics-address", "0", "--lease-duration", "20s"], env);
  assert.ok(cfg !== "help");
  assert.equal(cfg.concurrency, 12);
  assert.deepEqual(cfg.namespaces, ["a", "b"]);
  assert.equal(cfg.logLevel, "debug");
  assert.equal(cfg.leaderElect, true);
  assert.equal(cfg.labelSelector, "shard=1");
  assert.equal(cfg.metricsAddress, undefined, '"0" disables the probe server');
  assert.equal(cfg.leaseDurationMs, 20_000);
  assert.equal(cfg.cacheDir, "/var/cache/b/charts");
});

test("bosun run: bad values are refused with the flag named", () => {
  assert.throws(() => parseRunArgs(["--concurrency", "0"], {}), /--concurrency: "0" must be an integer from 1 to 1000/);
  assert.throws(() => parseRunArgs(["--renew-deadline", "5x"], {}), /--renew-deadline:/);
  assert.throws(() => parseRunArgs(["--renew-deadline", "20s"], {}), /--renew-deadline must be shorter than --lease-duration/);
  assert.throws(() => parseRunArgs(["--log-level", "loud"], {}), /unknown log level "loud"/);
  assert.throws(() => parseRunArgs([], { BOSUN_LEADER_ELECT: "yes" }), /BOSUN_LEADER_ELECT: "yes" must be true or false/);
  assert.throws(() => parseRunArgs(["--nope"], {}), /--nope/);
  assert.throws(() => parseRunArgs(["--default-service-account", "Deployer"], {}), /--default-service-account: "Deployer" is not a valid ServiceAccount name/);
  assert.throws(() => parseRunArgs([], { BOSUN_DEFAULT_SERVICE_ACCOUNT: "" }), /--default-service-account: "" is not a valid ServiceAccount name/);
  assert.equal(parseRunArgs(["-h"], {}), "help");
});

test("bosun run: --default-service-account, or BOSUN_DEFAULT_SERVICE_ACCOUNT; absent by default", () => {
  const none = parseRunArgs([], {});
  assert.ok(none !== "help");
  assert.equal(none.defaultServiceAccount, undefined);
  const fromEnv = parseRunArgs([], { BOSUN_DEFAULT_SERVICE_ACCOUNT: "tenant-deployer" });
  assert.ok(fromEnv !== "help");
  assert.equal(fromEnv.defaultServiceAccount, "tenant-deployer");
  const fromFlag = parseRunArgs(["--default-service-account", "deployer.v2"], { BOSUN_DEFAULT_SERVICE_ACCOUNT: "tenant-deployer" });
  assert.ok(fromFlag !== "help");
  assert.equal(fromFlag.defaultServiceAccount, "deployer.v2");
});
