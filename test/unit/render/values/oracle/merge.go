package main

import (
	"os"
	"path/filepath"

	"helm.sh/helm/v4/pkg/cli"
	"helm.sh/helm/v4/pkg/cli/values"
	"helm.sh/helm/v4/pkg/getter"
)

func strs(c map[string]any, k string) []string {
	var out []string
	if v, ok := c[k].([]any); ok {
		for _, s := range v {
			out = append(out, s.(string))
		}
	}
	return out
}

// runMerge: {files: {path: content}, valueFiles, values, stringValues, jsonValues, fileValues, literalValues} → out, err.
func runMerge(c map[string]any) {
	dir, _ := os.MkdirTemp("", "merge")
	defer os.RemoveAll(dir)
	if files, ok := c["files"].(map[string]any); ok {
		for name, content := range files {
			p := filepath.Join(dir, name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(content.(string)), 0o644)
		}
	}
	wd, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(wd)
	opts := values.Options{
		ValueFiles: strs(c, "valueFiles"), Values: strs(c, "values"), StringValues: strs(c, "stringValues"),
		JSONValues: strs(c, "jsonValues"), FileValues: strs(c, "fileValues"), LiteralValues: strs(c, "literalValues"),
	}
	out, err := opts.MergeValues(getter.All(cli.New()))
	if err != nil {
		c["err"] = err.Error()
	} else {
		c["out"] = dump(out)
	}
}
