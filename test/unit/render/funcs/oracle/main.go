// Command oracle runs template cases with Go's text/template and Sprig v3.3.0
// (the versions Helm 4.1.4 uses) and prints the expectations of
// test/unit/render/funcs/*.test.ts. Regenerate with:
//
//	cd test/unit/render/funcs/oracle && node cases-NAME.js && TZ=UTC go run . < cases-NAME.json > expected-NAME.json
//
// Each case may name a time zone: it becomes time.Local while it runs, as
// the TZ environment variable would (bosun tests set the same zone).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig/v3"
)

type Case struct {
	Name string `json:"name"`
	Tmpl string `json:"tmpl"`
	TZ   string `json:"tz,omitempty"`
}

type Result struct {
	Name string  `json:"name"`
	Out  *string `json:"out,omitempty"`
	Err  *string `json:"err,omitempty"`
}

func data() map[string]interface{} {
	return map[string]interface{}{
		"s":    "hello",
		"f":    1.5,
		"big":  1e6,
		"n":    nil,
		"b":    true,
		"i":    5,
		"i32":  int32(86400),
		"i64":  int64(1700000000),
		"u":    uint(7),
		"list": []interface{}{"a", 1.0},
		"map":  map[string]interface{}{"k": "v"},
	}
}

func main() {
	var cases []Case
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	utc := time.Local
	results := []Result{}
	for _, c := range cases {
		time.Local = utc
		if c.TZ != "" {
			loc, err := time.LoadLocation(c.TZ)
			if err != nil {
				panic(err)
			}
			time.Local = loc
		}
		r := Result{Name: c.Name}
		t, err := template.New(c.Name).Funcs(sprig.TxtFuncMap()).Parse(c.Tmpl)
		if err == nil {
			var b strings.Builder
			err = t.Execute(&b, data())
			if err == nil {
				s := b.String()
				r.Out = &s
			}
		}
		if err != nil {
			s := err.Error()
			r.Err = &s
		}
		results = append(results, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(results); err != nil {
		panic(err)
	}
	_ = fmt.Sprint
}
