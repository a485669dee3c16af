// Command oracle computes the expectations of test/unit/render/chart/*.test.ts
// with Helm 4.1.4's own packages (its chart loader, .helmignore rules,
// path/filepath.Match, gobwas/glob and template engine). Regenerate with:
//
//	cd test/unit/render/chart && node oracle/gen.ts /tmp/chart-cases && \
//	  (cd oracle && go run . /tmp/chart-cases) > expected.json
//
// gen.ts writes every case (chart directories, .tgz archives, glob and
// ignore tables, .Files templates) under the given directory with a
// manifest.json; this program prints one JSON document of results.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gobwas/glob"
	"sigs.k8s.io/yaml"

	"helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader"
	v2 "helm.sh/helm/v4/pkg/chart/v2"
	v2loader "helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/engine"
	"helm.sh/helm/v4/pkg/ignore"
)

type Manifest struct {
	Charts  []ChartCase  `json:"charts"`
	Globs   GlobCases    `json:"globs"`
	Matches []MatchCase  `json:"matches"`
	Ignores []IgnoreCase `json:"ignores"`
	Files   []FilesCase  `json:"files"`
	Values  []string     `json:"values"`
	Metas   [][]string   `json:"metadata"`
}

type ChartCase struct {
	Name string `json:"name"`
	Path string `json:"path"` // relative to the cases directory
	Tgz  bool   `json:"tgz"`
}

type GlobCases struct {
	Patterns []string `json:"patterns"`
	Names    []string `json:"names"`
}

type MatchCase struct {
	Pattern string `json:"pattern"`
	Name    string `json:"name"`
}

type IgnoreCase struct {
	Rules string       `json:"rules"`
	Paths []IgnorePath `json:"paths"`
}

type IgnorePath struct {
	Path string `json:"path"`
	Dir  bool   `json:"dir"`
}

type FilesCase struct {
	Files map[string]*string `json:"files"` // base64; null for a nil []byte
	Tmpl  string             `json:"tmpl"`
}

// tagged writes a Go value keeping its type (see test/unit/render/format/fixture.ts).
func tagged(v interface{}) interface{} {
	switch x := v.(type) {
	case nil:
		return nil
	case bool:
		return x
	case string:
		return x
	case float64:
		return map[string]string{"f": strconv.FormatFloat(x, 'g', -1, 64)}
	case int:
		return map[string]string{"i": strconv.Itoa(x), "k": "int"}
	case int64:
		return map[string]string{"i": strconv.FormatInt(x, 10), "k": "int64"}
	case []byte:
		return map[string]string{"b": base64.StdEncoding.EncodeToString(x)}
	case []string:
		return map[string]interface{}{"ss": x}
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			out[i] = tagged(e)
		}
		return out
	case map[string]interface{}:
		m := map[string]interface{}{}
		for k, e := range x {
			m[k] = tagged(e)
		}
		return map[string]interface{}{"m": m}
	case map[string]string:
		m := map[string]interface{}{}
		for k, e := range x {
			m[k] = e
		}
		return map[string]interface{}{"m": m}
	default:
		return map[string]string{"unknown": fmt.Sprintf("%T %v", v, v)}
	}
}

type FileOut struct {
	Name string `json:"name"`
	Data string `json:"data"` // base64, or "sha256:…" for large files
	Nil  bool   `json:"nil,omitempty"`
}

func fileOut(f *common.File) FileOut {
	d := base64.StdEncoding.EncodeToString(f.Data)
	if len(f.Data) > 4096 {
		d = fmt.Sprintf("len:%d", len(f.Data))
	}
	return FileOut{Name: f.Name, Data: d, Nil: f.Data == nil}
}

type LockOut struct {
	Generated    string        `json:"generated"`
	Digest       string        `json:"digest"`
	Dependencies []interface{} `json:"dependencies"`
}

type ChartOut struct {
	Metadata  interface{} `json:"metadata"`
	Values    interface{} `json:"values"`
	Templates []FileOut   `json:"templates"`
	Files     []FileOut   `json:"files"`
	Schema    *string     `json:"schema"`
	Lock      *LockOut    `json:"lock"`
	Deps      []ChartOut  `json:"deps"`
	FullPath  string      `json:"fullPath"`
}

func chartOut(c chart.Charter) ChartOut {
	ac, err := chart.NewAccessor(c)
	if err != nil {
		panic(err)
	}
	md := ac.MetadataAsMap()
	md["IsRoot"] = ac.IsRoot()
	out := ChartOut{Metadata: tagged(md), Values: tagged(map[string]interface{}(ac.Values())), FullPath: ac.ChartFullPath()}
	if ac.Values() == nil {
		out.Values = nil
	}
	for _, f := range ac.Templates() {
		out.Templates = append(out.Templates, fileOut(f))
	}
	for _, f := range ac.Files() {
		out.Files = append(out.Files, fileOut(f))
	}
	if s := ac.Schema(); s != nil {
		str := string(s)
		out.Schema = &str
	}
	if v2c, ok := c.(*v2.Chart); ok && v2c.Lock != nil {
		l := &LockOut{Digest: v2c.Lock.Digest, Dependencies: []interface{}{}}
		if !v2c.Lock.Generated.IsZero() {
			l.Generated = v2c.Lock.Generated.Format(time.RFC3339Nano)
		}
		for _, d := range v2c.Lock.Dependencies {
			if d == nil {
				l.Dependencies = append(l.Dependencies, nil)
			} else {
				l.Dependencies = append(l.Dependencies, map[string]string{"name": d.Name, "version": d.Version, "repository": d.Repository})
			}
		}
		out.Lock = l
	}
	for _, d := range ac.Dependencies() {
		out.Deps = append(out.Deps, chartOut(d))
	}
	sort.Slice(out.Deps, func(i, j int) bool { return out.Deps[i].FullPath < out.Deps[j].FullPath })
	return out
}

type ChartResult struct {
	Name    string    `json:"name"`
	Chart   *ChartOut `json:"chart,omitempty"`
	Error   string    `json:"error,omitempty"`
	Archive *ChartOut `json:"archive,omitempty"` // loader.LoadArchive of the bytes (tgz cases)
	ArchErr string    `json:"archiveError,omitempty"`
	Type    string    `json:"type,omitempty"`
}

func load(dir string, c ChartCase) (r ChartResult) {
	r.Name = c.Name
	defer func() {
		if p := recover(); p != nil {
			r.Error = fmt.Sprintf("PANIC: %v", p)
		}
	}()
	p := filepath.Join(dir, c.Path)
	ch, err := loader.Load(p)
	if err != nil {
		r.Error = err.Error()
	} else {
		o := chartOut(ch)
		r.Chart = &o
		r.Type = fmt.Sprintf("%T", ch)
	}
	if c.Tgz {
		data, _ := os.ReadFile(p)
		ach, err := loader.LoadArchive(bytes.NewReader(data))
		if err != nil {
			r.ArchErr = err.Error()
		} else {
			o := chartOut(ach)
			r.Archive = &o
		}
	}
	return r
}

type fakeInfo struct {
	name string
	dir  bool
}

func (f fakeInfo) Name() string       { return filepath.Base(f.name) }
func (f fakeInfo) Size() int64        { return 0 }
func (f fakeInfo) Mode() fs.FileMode  { if f.dir { return fs.ModeDir | 0o755 }; return 0o644 }
func (f fakeInfo) ModTime() time.Time { return time.Time{} }
func (f fakeInfo) IsDir() bool        { return f.dir }
func (f fakeInfo) Sys() interface{}   { return nil }

func renderFiles(fc FilesCase) (out map[string]string) {
	defer func() {
		if p := recover(); p != nil {
			out = map[string]string{"error": fmt.Sprintf("PANIC: %v", p)}
		}
	}()
	c := &v2.Chart{Metadata: &v2.Metadata{Name: "c", Version: "1.0.0", APIVersion: "v2"}}
	c.Templates = []*common.File{{Name: "templates/t", Data: []byte(fc.Tmpl)}}
	names := make([]string, 0, len(fc.Files))
	for n := range fc.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var data []byte
		if b := fc.Files[n]; b != nil {
			data, _ = base64.StdEncoding.DecodeString(*b)
			if data == nil {
				data = []byte{}
			}
		}
		c.Files = append(c.Files, &common.File{Name: n, Data: data})
	}
	vals, err := util.ToRenderValues(c, map[string]interface{}{}, common.ReleaseOptions{Name: "r", Namespace: "ns"}, nil)
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	res, err := engine.Render(c, vals)
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	return map[string]string{"out": res["c/templates/t"]}
}

func main() {
	dir := os.Args[1]
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		panic(err)
	}
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(err)
	}
	out := map[string]interface{}{}

	var charts []ChartResult
	for _, c := range m.Charts {
		charts = append(charts, load(dir, c))
	}
	out["charts"] = charts

	globs := []interface{}{}
	for _, p := range m.Globs.Patterns {
		g, err := glob.Compile(p, '/')
		if err != nil {
			globs = append(globs, nil)
			continue
		}
		matched := []interface{}{}
		for _, n := range m.Globs.Names {
			func() {
				defer func() {
					if r := recover(); r != nil {
						matched = append(matched, map[string]string{"name": n, "panic": fmt.Sprint(r)})
					}
				}()
				if g.Match(n) {
					matched = append(matched, n)
				}
			}()
		}
		globs = append(globs, matched)
	}
	out["globs"] = globs

	matches := []interface{}{}
	for _, c := range m.Matches {
		ok, err := filepath.Match(c.Pattern, c.Name)
		if err != nil {
			matches = append(matches, err.Error())
		} else {
			matches = append(matches, ok)
		}
	}
	out["matches"] = matches

	ignores := []interface{}{}
	for _, c := range m.Ignores {
		rules, err := ignore.Parse(strings.NewReader(c.Rules))
		if err != nil {
			ignores = append(ignores, err.Error())
			continue
		}
		rules.AddDefaults()
		res := []bool{}
		for _, p := range c.Paths {
			res = append(res, rules.Ignore(p.Path, fakeInfo{p.Path, p.Dir}))
		}
		ignores = append(ignores, res)
	}
	out["ignores"] = ignores

	files := []interface{}{}
	for _, fc := range m.Files {
		files = append(files, renderFiles(fc))
	}
	out["files"] = files

	values := []interface{}{}
	for _, v := range m.Values {
		vals, err := v2loader.LoadValues(strings.NewReader(v))
		if err != nil {
			values = append(values, map[string]interface{}{"error": err.Error()})
		} else {
			values = append(values, map[string]interface{}{"values": tagged(vals)})
		}
	}
	out["values"] = values

	metas := []interface{}{}
	for _, docs := range m.Metas {
		md := new(v2.Metadata)
		var err error
		for _, d := range docs {
			if err = yaml.Unmarshal([]byte(d), md); err != nil {
				break
			}
		}
		if err != nil {
			metas = append(metas, map[string]interface{}{"error": err.Error()})
			continue
		}
		ch := &v2.Chart{Metadata: md}
		ac, _ := chart.NewAccessor(ch)
		mm := ac.MetadataAsMap()
		mm["IsRoot"] = true
		metas = append(metas, map[string]interface{}{"metadata": tagged(mm)})
	}
	out["metadata"] = metas

	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	_ = reflect.TypeOf(0)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
