package main

import (
	"fmt"
	"sort"
	"strconv"
)

// dump encodes a Go value with its types: strings as JSON strings, bools, nil,
// float64 {"f": "1.5"}, int64 {"i64": "5"}, int {"int": "5"}, maps {"m": {...}},
// lists [..], map[string]string {"ms": {...}}, anything else {"other": "%T %v"}.
func dump(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string, bool:
		return x
	case float64:
		return map[string]any{"f": strconv.FormatFloat(x, 'g', -1, 64)}
	case int64:
		return map[string]any{"i64": strconv.FormatInt(x, 10)}
	case int:
		return map[string]any{"int": strconv.Itoa(x)}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = dump(e)
		}
		return out
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			m[k] = dump(e)
		}
		return map[string]any{"m": m}
	case map[string]string:
		m := map[string]any{}
		for k, e := range x {
			m[k] = e
		}
		return map[string]any{"ms": m}
	default:
		return map[string]any{"other": fmt.Sprintf("%T %v", v, v)}
	}
}

// undump is dump's inverse.
func undump(v any) any {
	switch x := v.(type) {
	case nil, string, bool:
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = undump(e)
		}
		return out
	case map[string]any:
		if f, ok := x["f"]; ok {
			n, _ := strconv.ParseFloat(f.(string), 64)
			return n
		}
		if f, ok := x["i64"]; ok {
			n, _ := strconv.ParseInt(f.(string), 10, 64)
			return n
		}
		if f, ok := x["int"]; ok {
			n, _ := strconv.Atoi(f.(string))
			return n
		}
		if m, ok := x["m"]; ok {
			out := map[string]any{}
			for k, e := range m.(map[string]any) {
				out[k] = undump(e)
			}
			return out
		}
		panic(fmt.Sprintf("bad tagged value %v", x))
	}
	panic(fmt.Sprintf("bad tagged value %T", v))
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
