// Command oracle runs Masterminds semver v3.4.0 (the version Helm 4.1.4 pins)
// over the inputs in input.json (written by input.mjs) and prints
// ../masterminds-v3.4.0.json, the table of test/unit/semver/semver.test.ts.
// Regenerate with:
//
//	cd test/unit/semver/oracle && node input.js > input.json && go run . < input.json > ../masterminds-v3.4.0.json
package main

import (
	"encoding/json"
	"os"

	sv "github.com/Masterminds/semver/v3"
)

type VerOut struct {
	In    string `json:"in"`
	Err   string `json:"err,omitempty"`
	Str   string `json:"str,omitempty"`
	Parts []any  `json:"parts,omitempty"`
	SErr  string `json:"serr,omitempty"`
	SStr  string `json:"sstr,omitempty"`
}

type ConOut struct {
	In       string              `json:"in"`
	Err      string              `json:"err,omitempty"`
	Str      string              `json:"str,omitempty"`
	Check    string              `json:"check,omitempty"`    // one char per version: 1/0
	CheckPre string              `json:"checkPre,omitempty"` // with IncludePrerelease
	Reasons  map[string][]string `json:"reasons,omitempty"`
}

func main() {
	var in struct {
		Versions      []string `json:"versions"`
		CheckVersions []string `json:"checkVersions"`
		Constraints   []string `json:"constraints"`
		Reasons       []string `json:"reasons"`
	}
	json.NewDecoder(os.Stdin).Decode(&in)
	out := map[string]any{}
	var vs []VerOut
	for _, s := range in.Versions {
		o := VerOut{In: s}
		v, err := sv.NewVersion(s)
		if err != nil {
			o.Err = err.Error()
		} else {
			o.Str = v.String()
			o.Parts = []any{v.Major(), v.Minor(), v.Patch(), v.Prerelease(), v.Metadata(), v.Original()}
		}
		sv2, err := sv.StrictNewVersion(s)
		if err != nil {
			o.SErr = err.Error()
		} else {
			o.SStr = sv2.String()
		}
		vs = append(vs, o)
	}
	out["versions"] = vs
	var cvs []*sv.Version
	for _, s := range in.CheckVersions {
		cvs = append(cvs, sv.MustParse(s))
	}
	// compare matrix
	var cmp []string
	for _, a := range cvs {
		row := ""
		for _, b := range cvs {
			row += string("<=>"[a.Compare(b)+1])
		}
		cmp = append(cmp, row)
	}
	out["compare"] = cmp
	want := map[string]bool{}
	for _, r := range in.Reasons {
		want[r] = true
	}
	var cs []ConOut
	for _, s := range in.Constraints {
		o := ConOut{In: s}
		c, err := sv.NewConstraint(s)
		if err != nil {
			o.Err = err.Error()
		} else {
			o.Str = c.String()
			if want[s] {
				o.Reasons = map[string][]string{}
			}
			for _, v := range cvs {
				if c.Check(v) {
					o.Check += "1"
				} else {
					o.Check += "0"
				}
				ok, errs := c.Validate(v)
				if ok != c.Check(v) {
					panic("mismatch")
				}
				if !ok && want[s] {
					var r []string
					for _, e := range errs {
						r = append(r, e.Error())
					}
					o.Reasons[v.Original()] = r
				}
			}
			c.IncludePrerelease = true
			for _, v := range cvs {
				if c.Check(v) {
					o.CheckPre += "1"
				} else {
					o.CheckPre += "0"
				}
			}
		}
		cs = append(cs, o)
	}
	out["constraints"] = cs
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)

	enc.Encode(out)
}
