// The control plane reports the version stamped into the binaries at build
// time, so discovery and Capabilities-style checks see a real version.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { KUBERNETES_VERSION } from "../env/versions.ts";
import { kubeConfig } from "../env/testenv.ts";

test("discovery reports the pinned Kubernetes version", async () => {
  const info = await kubeConfig().makeApiClient(k8s.VersionApi).getCode();
  assert.equal(info.gitVersion, KUBERNETES_VERSION);
  assert.equal(`v${info.major}.${info.minor}.`, KUBERNETES_VERSION.replace(/\d+$/, ""));
});
