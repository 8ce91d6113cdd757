#!/usr/bin/env bash
# Test setup for the Kconfig conformance suites: Debian's linux-source-6.1 and -6.12 unpacked,
# the kernel's own `conf` built in the 6.12 tree, and python3-kconfiglib. Idempotent; source it
# to get the environment the scripts read:
#   KCONFIG_LINUX_6_1, KCONFIG_LINUX_6_12  unpacked trees
#   KCONFIG_CONF                           scripts/kconfig/conf of the 6.12 tree
# Trees go to $DTPC_KERNEL_DIR (default ~/.cache/dtpc/kernel), reused across runs on one machine.
set -euo pipefail

kernel_dir="${DTPC_KERNEL_DIR:-$HOME/.cache/dtpc/kernel}"
mkdir -p "$kernel_dir"

need=()
for pkg in linux-source-6.1 linux-source-6.12 python3-kconfiglib flex bison make gcc; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "kernel-trees: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

for v in 6.1 6.12; do
  tree="$kernel_dir/linux-source-$v"
  if [ ! -f "$tree/Kconfig" ]; then
    echo "kernel-trees: unpacking linux-source-$v"
    tar -C "$kernel_dir" -xf "/usr/src/linux-source-$v.tar.xz"
  fi
done

t612="$kernel_dir/linux-source-6.12"
if [ ! -x "$t612/scripts/kconfig/conf" ]; then
  # Configuring the tree builds conf as a side effect (the scripts then run conf directly on it).
  echo "kernel-trees: building scripts/kconfig/conf (6.12)"
  make -s -C "$t612" ARCH=arm64 defconfig >/dev/null
fi

export KCONFIG_LINUX_6_1="$kernel_dir/linux-source-6.1"
export KCONFIG_LINUX_6_12="$t612"
export KCONFIG_CONF="$t612/scripts/kconfig/conf"
