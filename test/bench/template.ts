/**
 * Benchmark of the Go template engine: parse and execute a large, generated
 * template set shaped like a big chart (helpers, loops over lists and maps,
 * conditionals, printf). Prints figures; asserts nothing.
 *
 *   node test/bench/template.ts [--templates 200] [--iterations 50]
 */
import { parseArgs } from "node:util";
import { Template } from "../../src/template/index.ts";

const { values: args } = parseArgs({
  options: { templates: { type: "string", default: "200" }, iterations: { type: "string", default: "50" } },
});
const N = Number(args.templates);
const ITER = Number(args.iterations);

function helpers(): string {
  return `{{- define "labels" -}}
app: {{ .name }}
release: {{ .release }}
{{- range $k, $v := .extra }}
{{ $k }}: {{ $v | printf "%q" }}
{{- end }}
{{- end -}}
{{- define "fullname" -}}{{ if .override }}{{ .override }}{{ else }}{{ printf "%s-%s" .release .name }}{{ end }}{{- end -}}`;
}

function manifest(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ template "fullname" .Values }}-${i}
  labels:
{{ template "labels" .Values }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
{{- range $idx, $c := .Values.containers }}
        - name: {{ $c.name }}-{{ $idx }}
          image: "{{ $c.image }}:{{ $c.tag }}"
          {{- if $c.ports }}
          ports:
          {{- range $c.ports }}
            - containerPort: {{ . }}
          {{- end }}
          {{- end }}
          env:
          {{- range $k, $v := $.Values.env }}
            - name: {{ $k }}
              value: {{ printf "%v" $v | printf "%q" }}
          {{- end }}
{{- end }}
{{- if and .Values.enabled (gt (len .Values.containers) 1) }}
# {{ len .Values.env }} env vars, {{ len .Values.containers }} containers
{{- end }}
`;
}

const values = {
  name: "app",
  release: "rel",
  override: "",
  replicas: 3,
  enabled: true,
  extra: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`label${i}`, `value-${i}`])),
  containers: Array.from({ length: 5 }, (_, i) => ({ name: `c${i}`, image: `registry.example.com/img${i}`, tag: `1.${i}.0`, ports: [8080 + i, 9090 + i] })),
  env: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`ENV_${i}`, i % 2 === 0 ? `v${i}` : i * 1.5])),
};

function build(): Template {
  const root = new Template("_helpers.tpl").option("missingkey=zero");
  root.parse(helpers());
  for (let i = 0; i < N; i++) root.new(`templates/t${i}.yaml`).parse(manifest(i));
  return root;
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
}

// Warm up the JIT once, then measure.
build();
const parses = Array.from({ length: 5 }, () => time(build).ms);
const set = build();
const names = Array.from({ length: N }, (_, i) => `templates/t${i}.yaml`);
let bytes = 0;
for (const n of names) bytes += set.executeTemplate(n, { Values: values }).length;
const execs: number[] = [];
for (let it = 0; it < ITER; it++) {
  execs.push(
    time(() => {
      for (const n of names) set.executeTemplate(n, { Values: values });
    }).ms,
  );
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const parseMs = median(parses);
const execMs = median(execs);
console.log(`templates: ${N} (+ helpers), output per full render: ${(bytes / 1024).toFixed(0)} KiB`);
console.log(`parse whole set: ${parseMs.toFixed(1)} ms (median of 5) = ${((N * 1000) / parseMs).toFixed(0)} templates/s`);
console.log(`execute whole set: ${execMs.toFixed(1)} ms (median of ${ITER}) = ${((N * 1000) / execMs).toFixed(0)} executions/s, ${((execMs * 1000) / N).toFixed(1)} µs per template`);
