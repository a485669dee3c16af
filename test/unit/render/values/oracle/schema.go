package main

import (
	"encoding/json"

	"helm.sh/helm/v4/pkg/chart/common/util"
)

// runSchema: {schema (string or JSON), values (tagged)} → err (ValidateAgainstSingleSchema's message).
func runSchema(c map[string]any) {
	var schema []byte
	if s, ok := c["schema"].(string); ok {
		schema = []byte(s)
	} else {
		schema, _ = json.Marshal(c["schema"])
	}
	v := vals(c, "values")
	if v == nil {
		v = map[string]any{}
	}
	if err := util.ValidateAgainstSingleSchema(v, schema); err != nil {
		c["err"] = err.Error()
	}
}
