#!/usr/bin/env bash
# A bitcoind-compatible reference node for interop tests and side-by-side benchmarks: Debian sid's
# Bitcoin Knots package, with the sid C library and every shared library it loads, unpacked into one
# folder and started through that folder's own dynamic loader (this machine's Debian release has an
# older C library than the package needs). Nothing is installed system-wide.
#
#   scripts/reference-node.sh install   download (checked against Debian's signed package index) and unpack
#   scripts/reference-node.sh dir       print the folder whose bin/ holds bitcoind and bitcoin-cli wrappers
#   scripts/reference-node.sh check     exit 0 when installed and runnable, else say why and exit 1
#
# Folder: $BLOCKSMITH_REFERENCE_DIR, else ~/.cache/blocksmith/reference-node. Tests that need the node read
# the same variable (or that default) and skip, saying so, when bin/bitcoind is absent.
set -euo pipefail

DIR=${BLOCKSMITH_REFERENCE_DIR:-$HOME/.cache/blocksmith/reference-node}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PACKAGE=bitcoin-knots
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

check() {
  if [ ! -x "$DIR/bin/bitcoind" ]; then
    echo "reference node not installed in $DIR (run scripts/reference-node.sh install)" >&2
    return 1
  fi
  if ! "$DIR/bin/bitcoind" -version >/dev/null 2>&1; then
    echo "reference node in $DIR does not start: $("$DIR/bin/bitcoind" -version 2>&1 | head -1)" >&2
    return 1
  fi
}

install() {
  command -v apt-get >/dev/null || { echo "apt-get is needed to read Debian's signed package index" >&2; exit 1; }
  [ -r "$KEYRING" ] || { echo "Debian's archive keyring $KEYRING is needed" >&2; exit 1; }
  local work="$DIR.work"
  rm -rf "$work"
  mkdir -p "$work/apt/lists/partial" "$work/apt/cache" "$work/debs" "$work/root"
  echo "deb [signed-by=$KEYRING] $MIRROR sid main" > "$work/apt/sources.list"
  # apt verifies the InRelease signature and the Packages file's hash; the .deb hashes come from that file.
  apt-get -q -o Dir::Etc::SourceList="$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null \
      -o Dir::State::Lists="$work/apt/lists" -o Dir::Cache="$work/apt/cache" -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root \
      -o Acquire::Languages=none -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false update >/dev/null
  local index
  index=$(ls "$work"/apt/lists/*_sid_main_binary-amd64_Packages* | head -1)
  case "$index" in
    *.lz4) lz4 -dc "$index" > "$work/Packages" ;;
    *.xz) xz -dc "$index" > "$work/Packages" ;;
    *.gz) gzip -dc "$index" > "$work/Packages" ;;
    *) cp "$index" "$work/Packages" ;;
  esac
  # The package and the shared libraries it needs, transitively (services and configuration tools aside).
  python3 - "$work/Packages" "$PACKAGE" > "$work/wanted.tsv" <<'EOF'
import sys, re
packages = {}
current = {}
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if not line:
        if "Package" in current and current["Package"] not in packages:
            packages[current["Package"]] = current
        current = {}
    elif not line.startswith(" ") and ":" in line:
        key, value = line.split(":", 1)
        current[key] = value.strip()
provides = {}
for name, p in packages.items():
    for item in p.get("Provides", "").split(","):
        item = item.strip().split(" ")[0]
        if item:
            provides.setdefault(item, name)
skip = re.compile(r"^(debconf.*|systemd.*|adduser|init-system-helpers|lsb-base|libc-bin|perl-base|dpkg|install-info)$")
wanted, todo = [], [sys.argv[2]]
while todo:
    name = todo.pop()
    name = name if name in packages else provides.get(name, name)
    if name in wanted or skip.match(name):
        continue
    if name not in packages:
        sys.exit(f"{name}: not in Debian sid's index")
    wanted.append(name)
    for dep in re.split(r",", packages[name].get("Depends", "") + "," + packages[name].get("Pre-Depends", "")):
        alternative = dep.split("|")[0].strip().split(" ")[0].split(":")[0]
        if alternative:
            todo.append(alternative)
for name in wanted:
    print(name, packages[name]["Version"], packages[name]["Filename"], packages[name]["SHA256"], sep="\t")
EOF
  while IFS=$'\t' read -r name version file sha; do
    local deb="$work/debs/${file##*/}"
    curl -fsSL --retry 3 -o "$deb" "$MIRROR/$file"
    echo "$sha  $deb" | sha256sum -c --quiet - || { echo "$name: SHA256 differs from Debian's index" >&2; exit 1; }
    dpkg-deb -x "$deb" "$work/root"
    echo "  $name $version"
  done < "$work/wanted.tsv"
  mkdir -p "$work/bin"
  local loader=/lib64/ld-linux-x86-64.so.2
  local libs="$DIR/root/lib/x86_64-linux-gnu:$DIR/root/usr/lib/x86_64-linux-gnu"
  for program in bitcoind bitcoin-cli bitcoin-tx bitcoin-util bitcoin-wallet; do
    [ -x "$work/root/usr/bin/$program" ] || continue
    printf '#!/bin/sh\n# %s from Debian sid'"'"'s %s package, started by its own C library'"'"'s loader\nexec "%s" --library-path "%s" "%s" "$@"\n' \
      "$program" "$PACKAGE" "$DIR/root/usr$loader" "$libs" "$DIR/root/usr/bin/$program" > "$work/bin/$program"
    # usrmerge: the loader lives under usr/lib64 in sid's libc6; fall back to lib64.
    [ -e "$work/root/usr$loader" ] || sed -i "s#$DIR/root/usr$loader#$DIR/root$loader#" "$work/bin/$program"
    chmod +x "$work/bin/$program"
  done
  rm -rf "$work/debs" "$work/apt" "$work/Packages"
  rm -rf "$DIR"
  mv "$work" "$DIR"
  check
  "$DIR/bin/bitcoind" -version | head -1
}

case "${1:-}" in
  install) install ;;
  dir) echo "$DIR" ;;
  check) check ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
