package main

import (
	"bytes"
	"encoding/json"
	"log"
	"sort"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
)

// buildChart makes a chart from a spec: {name, version, kubeVersion, values (tagged), schema, dependencies, charts}.
func buildChart(spec map[string]any) *chart.Chart {
	str := func(k string) string {
		if v, ok := spec[k].(string); ok {
			return v
		}
		return ""
	}
	md := &chart.Metadata{Name: str("name"), Version: str("version"), KubeVersion: str("kubeVersion"), APIVersion: "v2"}
	if md.Version == "" {
		md.Version = "0.1.0"
	}
	if deps, ok := spec["dependencies"].([]any); ok {
		for _, d := range deps {
			dm := d.(map[string]any)
			dep := &chart.Dependency{}
			if v, ok := dm["name"].(string); ok {
				dep.Name = v
			}
			if v, ok := dm["version"].(string); ok {
				dep.Version = v
			}
			if v, ok := dm["alias"].(string); ok {
				dep.Alias = v
			}
			if v, ok := dm["condition"].(string); ok {
				dep.Condition = v
			}
			if v, ok := dm["tags"].([]any); ok {
				for _, t := range v {
					dep.Tags = append(dep.Tags, t.(string))
				}
			}
			if v, ok := dm["importValues"].([]any); ok {
				dep.ImportValues = v // JSON-decoded: strings and map[string]interface{}
			}
			md.Dependencies = append(md.Dependencies, dep)
		}
	}
	c := &chart.Chart{Metadata: md}
	if v, ok := spec["values"]; ok {
		c.Values = undump(v).(map[string]any)
	}
	if s, ok := spec["schema"]; ok {
		if ss, ok := s.(string); ok {
			c.Schema = []byte(ss)
		} else {
			b, _ := json.Marshal(s)
			c.Schema = b
		}
	}
	if subs, ok := spec["charts"].([]any); ok {
		for _, s := range subs {
			c.AddDependency(buildChart(s.(map[string]any)))
		}
	}
	return c
}

// describe gives the processed chart tree: names, values, metadata dependencies.
func describe(c *chart.Chart) map[string]any {
	out := map[string]any{"name": c.Name(), "values": dump(c.Values)}
	var deps []any
	for _, d := range c.Metadata.Dependencies {
		deps = append(deps, map[string]any{"name": d.Name, "alias": d.Alias, "enabled": d.Enabled, "importValues": dump(d.ImportValues)})
	}
	out["deps"] = deps
	var subs []any
	for _, s := range c.Dependencies() {
		subs = append(subs, describe(s))
	}
	out["charts"] = subs
	return out
}

var logBuf bytes.Buffer

func init() {
	log.SetOutput(&logBuf)
	log.SetFlags(0)
}

func takeWarnings() []string {
	s := strings.TrimSpace(logBuf.String())
	logBuf.Reset()
	if s == "" {
		return nil
	}
	ws := strings.Split(s, "\n")
	sort.Strings(ws)
	return ws
}

func vals(c map[string]any, k string) map[string]any {
	if v, ok := c[k]; ok && v != nil {
		return undump(v).(map[string]any)
	}
	return nil
}

// runCoalesce: {chart, vals, fn: coalesce|merge} → out (tagged), err, warnings.
func runCoalesce(c map[string]any) {
	ch := buildChart(c["chart"].(map[string]any))
	takeWarnings()
	var out common.Values
	var err error
	if c["fn"] == "merge" {
		out, err = util.MergeValues(ch, vals(c, "vals"))
	} else {
		out, err = util.CoalesceValues(ch, vals(c, "vals"))
	}
	if err != nil {
		c["err"] = err.Error()
	} else {
		c["out"] = dump(map[string]any(out))
	}
	if w := takeWarnings(); w != nil {
		c["warnings"] = w
	}
}

// runTables: {dst, src, fn: coalesce|merge} → out.
func runTables(c map[string]any) {
	dst, src := vals(c, "dst"), vals(c, "src")
	takeWarnings()
	var out map[string]any
	if c["fn"] == "merge" {
		out = util.MergeTables(dst, src)
	} else {
		out = util.CoalesceTables(dst, src)
	}
	c["out"] = dump(out)
	if w := takeWarnings(); w != nil {
		c["warnings"] = w
	}
}

// runPipeline: what helm template does with values: ProcessDependencies, then
// ToRenderValuesWithSchemaValidation. → tree (processed chart), out (.Values), err.
func runPipeline(c map[string]any) {
	ch := buildChart(c["chart"].(map[string]any))
	v := vals(c, "vals")
	if v == nil {
		v = map[string]any{}
	}
	if err := chartutil.ProcessDependencies(ch, v); err != nil {
		c["err"] = "chart dependencies processing failed: " + err.Error()
		return
	}
	c["tree"] = describe(ch)
	skip, _ := c["skipSchema"].(bool)
	top, err := util.ToRenderValuesWithSchemaValidation(ch, v, common.ReleaseOptions{Name: "rel", Namespace: "default", Revision: 1, IsInstall: true}, nil, skip)
	if err != nil {
		c["err"] = err.Error()
		return
	}
	c["out"] = dump(map[string]any(top["Values"].(common.Values)))
}
