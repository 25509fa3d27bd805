#!/usr/bin/env bash
# Installs what mk8s needs on Debian 12 (as root) and builds it. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  ca-certificates build-essential python3 \
  containerd runc containernetworking-plugins iptables iproute2 busybox-static \
  etcd-server etcd-client skopeo docker-registry wrk
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "mk8s needs Node.js 20 or newer on PATH" >&2
  exit 1
fi
npm install --no-fund --no-audit
npm run build
