package main

import (
	"fmt"

	"helm.sh/helm/v4/pkg/chart/common"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
)

// runKube: {version (as --kube-version; "" = default), constraint} → parsed {Version, Major, Minor, String}, err.
func runKube(c map[string]any) {
	ver, _ := c["version"].(string)
	constraint, _ := c["constraint"].(string)
	kv := &common.DefaultCapabilities.KubeVersion
	if ver != "" {
		p, err := common.ParseKubeVersion(ver)
		if err != nil {
			c["err"] = fmt.Sprintf("invalid kube version '%s': %s", ver, err)
			return
		}
		kv = p
	}
	c["out"] = map[string]any{"Version": kv.Version, "Major": kv.Major, "Minor": kv.Minor, "String": kv.String()}
	if constraint != "" && !chartutil.IsCompatibleRange(constraint, kv.String()) {
		c["err"] = fmt.Sprintf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", constraint, kv.Version)
	}
}
