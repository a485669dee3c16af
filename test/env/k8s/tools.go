// Package k8s pins the Kubernetes control-plane binaries bosun's tests run.
// The binaries are built with `go build` from this module (see test/env/build),
// because `go install k8s.io/kubernetes/cmd/...@v` refuses modules with replace
// directives, and k8s.io/kubernetes replaces its staging modules with local paths.
package k8s
