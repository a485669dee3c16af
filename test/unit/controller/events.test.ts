// The recorder's pure parts. Its request pattern (creation, series, dedupe, failures) is
// tested against the real API server in test/integration/events.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eventKey, eventName, truncateNote, type EventTarget } from "../../../src/controller/events.ts";

const target: EventTarget = { apiVersion: "bosun.dev/v1", kind: "HelmRelease", namespace: "team-a", name: "web", uid: "u-1", resourceVersion: "7" };

test("truncateNote keeps notes of up to 1024 bytes and cuts longer ones at a character boundary", () => {
  assert.equal(truncateNote("x".repeat(1024)), "x".repeat(1024));
  assert.equal(truncateNote("x".repeat(1025)), "x".repeat(1024));
  // "€" is 3 bytes: 1022 + 3 > 1024, so the one that would straddle the limit goes entirely.
  assert.equal(truncateNote(`${"x".repeat(1022)}€`), "x".repeat(1022));
  assert.equal(truncateNote(`${"x".repeat(1021)}€€`), `${"x".repeat(1021)}€`);
  // A 4-byte character (two UTF-16 code units) is never split either.
  assert.equal(truncateNote(`${"x".repeat(1023)}😀`), "x".repeat(1023));
});

test("eventKey tells occurrences apart by object, type, reason, action and note, but not by resourceVersion", () => {
  const key = eventKey(target, "Warning", "InstallFailed", "Install", "boom");
  assert.equal(eventKey({ ...target, resourceVersion: "8" }, "Warning", "InstallFailed", "Install", "boom"), key);
  assert.notEqual(eventKey({ ...target, uid: "u-2" }, "Warning", "InstallFailed", "Install", "boom"), key);
  assert.notEqual(eventKey(target, "Normal", "InstallFailed", "Install", "boom"), key);
  assert.notEqual(eventKey(target, "Warning", "UpgradeFailed", "Install", "boom"), key);
  assert.notEqual(eventKey(target, "Warning", "InstallFailed", "Upgrade", "boom"), key);
  assert.notEqual(eventKey(target, "Warning", "InstallFailed", "Install", "bang"), key);
});

test("eventName is the object's name and 16 random hex digits, or a UUID when that is no valid name", () => {
  assert.match(eventName("web"), /^web\.[0-9a-f]{16}$/);
  assert.notEqual(eventName("web"), eventName("web"));
  assert.match(eventName("Not_Valid"), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.match(eventName("a".repeat(240)), /^[0-9a-f]{8}-/);
});
