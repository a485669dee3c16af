import assert from "node:assert/strict";
import { test } from "node:test";
import { composeValues, ValuesSourceError } from "../../../src/controller/values.ts";

type Data = Record<string, Record<string, string>>;
function reader(data: Data) {
  return (kind: string, name: string): Promise<Record<string, string> | undefined> => Promise.resolve(data[`${kind}/${name}`]);
}
const plain = (m: unknown): unknown => JSON.parse(JSON.stringify(m, (_k, v: unknown): unknown => (v instanceof Map ? Object.fromEntries(v as Map<string, unknown>) : v))) as unknown;

test("valuesFrom in order, inline values on top; maps merge, lists and scalars replace", async () => {
  const data: Data = {
    "ConfigMap/base": { "values.yaml": "a: 1\nlist: [1, 2]\nnested: {x: 1, w: 2}\n" },
    "Secret/over": { "values.yaml": "a: 2\nnested: {w: 3}\n" },
  };
  const got = await composeValues(
    {
      valuesFrom: [
        { kind: "ConfigMap", name: "base", key: "values.yaml", optional: false },
        { kind: "Secret", name: "over", key: "values.yaml", optional: false },
      ],
      values: { list: [9], nested: { z: true } },
    },
    reader(data),
  );
  assert.deepEqual(plain(got.values), { a: 2, list: [9], nested: { x: 1, w: 3, z: true } });
  assert.match(got.digest, /^sha256:[0-9a-f]{64}$/);
});

test("targetPath sets the referenced text as a string at a --set path, commas kept literal", async () => {
  const got = await composeValues(
    {
      valuesFrom: [
        { kind: "Secret", name: "db", key: "password", optional: false, targetPath: "db.auth.password" },
        { kind: "ConfigMap", name: "n", key: "port", optional: false, targetPath: "db.port" },
      ],
    },
    reader({ "Secret/db": { password: "p,a\\ss" }, "ConfigMap/n": { port: "5432" } }),
  );
  assert.deepEqual(plain(got.values), { db: { auth: { password: "p,a\\ss" }, port: "5432" } });
});

test("equal values give equal digests whatever their source; different values differ", async () => {
  const a = await composeValues({ values: { b: 1, a: { c: "x" } } }, reader({}));
  const b = await composeValues({ valuesFrom: [{ kind: "ConfigMap", name: "v", key: "values.yaml", optional: false }] }, reader({ "ConfigMap/v": { "values.yaml": "a:\n  c: x\nb: 1\n" } }));
  const c = await composeValues({ values: { b: 2, a: { c: "x" } } }, reader({}));
  assert.equal(a.digest, b.digest);
  assert.notEqual(a.digest, c.digest);
});

test("missing sources: an error naming them unless optional", async () => {
  await assert.rejects(
    composeValues({ valuesFrom: [{ kind: "ConfigMap", name: "nope", key: "values.yaml", optional: false }] }, reader({})),
    (e: unknown) => e instanceof ValuesSourceError && /ConfigMap nope not found/.test(e.message),
  );
  await assert.rejects(
    composeValues({ valuesFrom: [{ kind: "Secret", name: "s", key: "other.yaml", optional: false }] }, reader({ "Secret/s": { "values.yaml": "" } })),
    /Secret s has no key other\.yaml/,
  );
  const ok = await composeValues({ valuesFrom: [{ kind: "ConfigMap", name: "nope", key: "values.yaml", optional: true }], values: { x: 1 } }, reader({}));
  assert.deepEqual(plain(ok.values), { x: 1 });
});

test("bad YAML in a Secret is reported without its content", async () => {
  const secret = "hunter2-secret-value";
  await assert.rejects(
    composeValues({ valuesFrom: [{ kind: "Secret", name: "s", key: "values.yaml", optional: false }] }, reader({ "Secret/s": { "values.yaml": `password: "${secret}\n  : [` } })),
    (e: unknown) => e instanceof ValuesSourceError && e.message.startsWith("valuesFrom: Secret s key values.yaml is not valid YAML") && !e.message.includes(secret),
  );
});
