package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: oracle MODE FILE")
		os.Exit(2)
	}
	mode, file := os.Args[1], os.Args[2]
	raw, err := os.ReadFile(file)
	if err != nil {
		panic(err)
	}
	var cases []map[string]any
	if err := json.Unmarshal(raw, &cases); err != nil {
		panic(err)
	}
	for _, c := range cases {
		for _, k := range []string{"out", "err", "warnings", "tree"} {
			delete(c, k)
		}
		switch mode {
		case "strvals":
			runStrvals(c)
		case "coalesce":
			runCoalesce(c)
		case "tables":
			runTables(c)
		case "schema":
			runSchema(c)
		case "kube":
			runKube(c)
		case "merge":
			runMerge(c)
		case "pipeline":
			runPipeline(c)
		default:
			panic("unknown mode " + mode)
		}
	}
	out, _ := json.MarshalIndent(cases, "", " ")
	os.WriteFile(file, append(out, '\n'), 0o644)
}
