#!/bin/sh
# Regenerates ../cases/*.json: inputs from cases-*.js, expectations from Helm 4.1.4 (Go).
set -eu
cd "$(dirname "$0")"
go build -o /tmp/bosun-values-oracle .
node cases-strvals.js ../cases/strvals.json && /tmp/bosun-values-oracle strvals ../cases/strvals.json
node cases-coalesce.js ../cases/coalesce.json ../cases/tables.json
/tmp/bosun-values-oracle coalesce ../cases/coalesce.json && /tmp/bosun-values-oracle tables ../cases/tables.json
node cases-deps.js ../cases/dependencies.json && /tmp/bosun-values-oracle pipeline ../cases/dependencies.json
node cases-schema.js ../cases/schema.json && /tmp/bosun-values-oracle schema ../cases/schema.json
node cases-kube.js ../cases/kube.json && /tmp/bosun-values-oracle kube ../cases/kube.json
node cases-merge.js ../cases/merge.json && /tmp/bosun-values-oracle merge ../cases/merge.json
rm -f /tmp/bosun-values-oracle
