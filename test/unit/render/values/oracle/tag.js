// Converts plain JS data into the oracle's tagged encoding: numbers are float64,
// bigints int64, objects maps.
export function t(x) {
  if (x === null || typeof x === "string" || typeof x === "boolean") return x;
  if (typeof x === "number") return { f: String(x) };
  if (typeof x === "bigint") return { i64: x.toString() };
  if (Array.isArray(x)) return x.map(t);
  return { m: Object.fromEntries(Object.entries(x).map(([k, v]) => [k, t(v)])) };
}
/** A chart spec with tagged values. */
export function chart(name, values, charts = [], extra = {}) {
  const c = { name, ...extra };
  if (values !== undefined) c.values = t(values);
  if (charts.length > 0) c.charts = charts;
  return c;
}
