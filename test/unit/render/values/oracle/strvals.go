package main

import (
	"errors"
	"fmt"
	"strings"

	"helm.sh/helm/v4/pkg/strvals"
)

func fileReader(rs []rune) (interface{}, error) {
	p := string(rs)
	if strings.HasPrefix(p, "missing") {
		return nil, errors.New("open " + p + ": no such file or directory")
	}
	return "content of " + p, nil
}

func runStrvals(c map[string]any) {
	dest := map[string]any{}
	if b, ok := c["base"]; ok {
		dest = undump(b).(map[string]any)
	}
	s := c["s"].(string)
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = errors.New("PANIC: " + fmt.Sprint(r))
			}
		}()
		switch c["fn"] {
		case "set":
			err = strvals.ParseInto(s, dest)
		case "string":
			err = strvals.ParseIntoString(s, dest)
		case "json":
			err = strvals.ParseJSON(s, dest)
		case "literal":
			err = strvals.ParseLiteralInto(s, dest)
		case "file":
			err = strvals.ParseIntoFile(s, dest, fileReader)
		default:
			panic("bad fn")
		}
	}()
	c["out"] = dump(dest)
	if err != nil {
		c["err"] = err.Error()
	}
}
