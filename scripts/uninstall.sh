#!/bin/sh
# Removes what mk8s put on this machine, as root, once `mk8s server` / `mk8s agent` is stopped
# (SIGTERM it): every pod of the node (its containers, network namespaces and CNI leases),
# mk8s's iptables chains, its routes, the cluster DNS address and the pod bridge, and then the
# data directory (argument 1, else $MK8S_DATA_DIR, else /var/lib/mk8s). The Debian packages
# installed by scripts/install.sh stay.
set -eu
DATA_DIR=${1:-${MK8S_DATA_DIR:-/var/lib/mk8s}}
cd "$(dirname "$0")/.."
node bin/mk8s agent --cleanup --remove-pods --data-dir "$DATA_DIR"
# Mounts a killed agent may have left under the data dir (container rootfs, UTS namespaces).
if command -v findmnt >/dev/null; then
  findmnt -rn -o TARGET | grep "^$DATA_DIR/" | sort -r | while read -r m; do umount -l "$m" || true; done
fi
rm -rf "$DATA_DIR"
echo "mk8s uninstalled: $DATA_DIR removed"
