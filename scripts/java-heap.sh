#!/usr/bin/env bash
# The Java heap of `blocksmith node`, sized from what the node will keep on it (issue 13: memory that a user can
# predict), for the launcher (./blocksmith) and the container entry point (docker/entrypoint.sh):
#
#   heap = -dbcache + -maxmempool + allowance          (MiB; -maxmempool's MB converted)
#   allowance = young generation + 64 MiB + the network's block index
#
# -dbcache: the in-memory UTXO cache lives on the heap (its small RocksDB share is native memory, covered by the
# margin). -maxmempool: the mempool lives on the heap too, and Blocksmith's UTXO cache does not borrow the unused
# mempool during the initial sync as bitcoind's does, so both may be full at once. The allowance: the young
# generation (-Xmn, below), 64 MiB for the objects every node holds
# (classes' data, the signature cache, RPC and P2P buffers, wallets) and room for the garbage collector, and the block
# index: about 450 bytes of heap per header (BlockIndex, its header, hash and chain work, measured), so the main
# network's ~930 000 headers take ~400 MiB and testnet3's ~4.8 million take ~2 GiB.
#
# Safety cap: never more than 3/4 of the memory the process may use (the cgroup's memory.max, else physical RAM),
# leaving at least 256 MiB outside the heap (metaspace, code, thread stacks, RocksDB, Netty's direct buffers); at
# least a quarter of it. When the cap applies the node gives its UTXO cache at most half of the heap (DbCacheSplit).
#
# Prints the JVM options: -Xmx<MiB>m, -Xmn<MiB>m and -Dblocksmith.dbcacheHeapMiB=<MiB> (the heap left for the UTXO cache once the
# mempool and the allowance are taken out, which the node's DbCacheSplit honours). With --explain first, prints
# how it got there instead. The arguments are the node's (`blocksmith node ARGS`); the effective -dbcache and
# -maxmempool are found as the node finds them: the command line (last value wins), BLOCKSMITH_DBCACHE /
# BLOCKSMITH_MAXMEMPOOL, then the configuration file (-conf, else bitcoin.conf or blocksmith.conf in -datadir,
# BLOCKSMITH_DATADIR or ~/.blocksmith) with its [network] section, network.key= lines and includeconf=. A value the
# node would reject (not a number, too small) counts as the default here: the node itself then reports it.
# Pure bash: no second JVM at start-up.
set -uo pipefail

DEFAULT_DBCACHE_MIB=450
DEFAULT_MAXMEMPOOL_MB=300
BASE_ALLOWANCE_MIB=64
NON_HEAP_RESERVE_MIB=256
# The young generation: 80 MiB, so that coins created and spent a few blocks apart die young; with less they are
# promoted and the serial collector grows the old generation rather than collect it (the benchmark chain's import:
# -Xmn48m raised the peak RSS by 60 MiB). At most a third of the heap.
YOUNG_MIB=80
# For tests: a directory standing in for / when reading /proc and /sys.
SYS_ROOT=${BLOCKSMITH_HEAP_TEST_ROOT:-}

explain=0
if [[ ${1:-} == --explain ]]; then
  explain=1
  shift
fi

# ------------------------------------------------------------------ bitcoind's argument rules

# C's atoi as bitcoind's InterpretBool uses it.
atoi() {
  local s=${1#"${1%%[![:space:]]*}"} sign=1 digits
  case $s in -*) sign=-1; s=${s:1} ;; +*) s=${s:1} ;; esac
  digits=${s%%[!0-9]*}
  digits=${digits:0:18}
  echo $((sign * 10#${digits:-0}))
}
as_bool() { # value negated(0/1)
  [[ $2 == 1 ]] && return 1
  [[ -z $1 ]] && return 0
  [[ $(atoi "$1") != 0 ]]
}

# Command line: last value of each name wins. CL_<name> holds the value, CL_NEG_<name> 1 for -noname.
declare -A CL=() CL_NEG=()
for arg in "$@"; do
  [[ $arg == -* ]] || continue
  body=${arg#-}
  body=${body#-}
  name=${body%%=*}
  value=""
  [[ $body == *=* ]] && value=${body#*=}
  name=${name##*.}          # -regtest.dbcache=N: bitcoind ignores a section on the command line
  [[ -n $name ]] || continue
  neg=0
  case $name in
    nodbcache | nomaxmempool | nodatadir | noconf | noregtest | notestnet | notestnet4 | nosignet | nochain)
      name=${name#no}
      neg=1
      # -nofoo=0 is bitcoind's double negative: foo=1.
      if [[ -n $value ]] && ! as_bool "$value" 0; then neg=0; value=1; fi
      ;;
  esac
  CL[$name]=$value
  CL_NEG[$name]=$neg
done

env_value() { # option name -> the BLOCKSMITH_<NAME> variable's value, status 1 when unset
  local var="BLOCKSMITH_${1^^}"
  [[ -n ${!var+set} ]] || return 1
  printf '%s' "${!var}"
}

# Configuration file entries in file order: section ("" for the top), name, value, negated.
CONF_SEC=() CONF_KEY=() CONF_VAL=() CONF_NEG=()
read_conf() { # file
  local line section="" key value sec neg
  [[ -r $1 && -f $1 ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%%#*}
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [[ -z $line ]] && continue
    if [[ $line == \[*\] ]]; then
      section=${line:1:${#line}-2}
      continue
    fi
    [[ $line == *=* ]] || continue
    key=${line%%=*}
    key=${key%"${key##*[![:space:]]}"}
    value=${line#*=}
    value=${value#"${value%%[![:space:]]*}"}
    sec=$section
    if [[ $key == *.* ]]; then
      sec=${key%.*}
      key=${key##*.}
    fi
    neg=0
    case $key in
      nodbcache | nomaxmempool | nodatadir | noregtest | notestnet | notestnet4 | nosignet | nochain | noincludeconf)
        key=${key#no}
        if as_bool "$value" 0; then neg=1; else value=1; fi
        ;;
    esac
    CONF_SEC+=("$sec") CONF_KEY+=("$key") CONF_VAL+=("$value") CONF_NEG+=("$neg")
  done <"$1"
}

# The configuration file's rule for one section: the first value after the last negation ("NEG" for a negation),
# status 1 when the section does not set it.
conf_first() { # section name
  local i found=0 result=""
  for i in "${!CONF_KEY[@]}"; do
    [[ ${CONF_SEC[$i]} == "$1" && ${CONF_KEY[$i]} == "$2" ]] || continue
    if [[ ${CONF_NEG[$i]} == 1 ]]; then
      found=1
      result=NEG
    elif [[ $result == NEG || $found == 0 ]]; then
      found=1
      result=V${CONF_VAL[$i]}
    fi
  done
  [[ $found == 1 ]] || return 1
  printf '%s' "$result"
}

# Chain flags in the top section: the last assignment wins.
conf_last_top() { # name -> "NEG" or "V<value>"
  local i result=""
  for i in "${!CONF_KEY[@]}"; do
    [[ -z ${CONF_SEC[$i]} && ${CONF_KEY[$i]} == "$1" ]] || continue
    if [[ ${CONF_NEG[$i]} == 1 ]]; then result=NEG; else result=V${CONF_VAL[$i]}; fi
  done
  [[ -n $result ]] || return 1
  printf '%s' "$result"
}

absolute() { # path [base]
  if [[ $1 == /* ]]; then printf '%s' "$1"; else printf '%s/%s' "${2:-$PWD}" "$1"; fi
}

# Data directory: the command line, BLOCKSMITH_DATADIR, else ~/.blocksmith (BitcoindArgs.readConfigFiles).
if [[ -n ${CL[datadir]+set} ]]; then
  if [[ ${CL_NEG[datadir]} == 1 ]]; then datadir=""; else datadir=$(absolute "${CL[datadir]}"); fi
elif value=$(env_value datadir); then
  datadir=$(absolute "$value")
else
  datadir=""
fi
[[ -n $datadir ]] || datadir="${HOME:-/root}/${BLOCKSMITH_DEFAULT_DATADIR_NAME:-.blocksmith}"

# Configuration file: -conf (relative to the data directory), -noconf for none, else bitcoin.conf or the older
# blocksmith.conf.
conf=""
if [[ -n ${CL[conf]+set} && ${CL_NEG[conf]} == 1 ]]; then
  conf=""
elif [[ -n ${CL[conf]:-} ]]; then
  conf=$(absolute "${CL[conf]}" "$datadir")
elif [[ -f $datadir/bitcoin.conf ]]; then
  conf=$datadir/bitcoin.conf
elif [[ -f $datadir/blocksmith.conf ]]; then
  conf=$datadir/blocksmith.conf
fi
[[ -n $conf ]] && read_conf "$conf"

# Network: -regtest, -testnet, -testnet4, -signet or -chain from the command line, the environment, then the file's
# top section. More than one is the node's error; here the first found wins.
chain_flag() { # name -> status 0 when set true
  local v
  if [[ -n ${CL[$1]+set} ]]; then
    as_bool "${CL[$1]}" "${CL_NEG[$1]}"
  elif v=$(env_value "$1"); then
    as_bool "$v" 0
  elif v=$(conf_last_top "$1"); then
    [[ $v != NEG ]] && as_bool "${v:1}" 0
  else
    return 1
  fi
}
chain_value() {
  local v
  if [[ -n ${CL[chain]+set} ]]; then
    [[ ${CL_NEG[chain]} == 1 ]] || printf '%s' "${CL[chain]}"
  elif v=$(env_value chain); then
    printf '%s' "$v"
  elif v=$(conf_last_top chain); then
    [[ $v == NEG ]] || printf '%s' "${v:1}"
  fi
}
if chain_flag regtest; then chain=regtest
elif chain_flag testnet; then chain=test
elif chain_flag testnet4; then chain=testnet4
elif chain_flag signet; then chain=signet
else
  chain=$(chain_value)
  [[ -n $chain ]] || chain=main
fi

# includeconf= of the top section and the network's section (one level, as bitcoind).
if [[ -n $conf ]]; then
  includes=()
  for i in "${!CONF_KEY[@]}"; do
    [[ ${CONF_KEY[$i]} == includeconf && ${CONF_NEG[$i]} == 0 ]] || continue
    [[ -z ${CONF_SEC[$i]} || ${CONF_SEC[$i]} == "$chain" ]] && includes+=("${CONF_VAL[$i]}")
  done
  for inc in "${includes[@]}"; do read_conf "$(absolute "$inc" "$datadir")"; done
fi

# An option's effective text: command line, environment, the network's section, the top section. Status 1 when
# unset or negated (the node then uses its default).
setting() { # name
  local v
  if [[ -n ${CL[$1]+set} ]]; then
    [[ ${CL_NEG[$1]} == 1 ]] && return 1
    printf '%s' "${CL[$1]}"
  elif v=$(env_value "$1"); then
    printf '%s' "$v"
  elif v=$(conf_first "$chain" "$1") || v=$(conf_first "" "$1"); then
    [[ $v == NEG ]] && return 1
    printf '%s' "${v:1}"
  else
    return 1
  fi
}

# The node reads these as Java ints; what it would reject counts as the default here.
int_or() { # text minimum default
  if [[ $1 =~ ^[+]?0*([0-9]{1,9})$ ]] && ((10#${BASH_REMATCH[1]} >= $2)); then
    echo $((10#${BASH_REMATCH[1]}))
  else
    echo "$3"
  fi
}
dbcache=$(int_or "$(setting dbcache)" 4 $DEFAULT_DBCACHE_MIB)
maxmempool=$(int_or "$(setting maxmempool)" 0 $DEFAULT_MAXMEMPOOL_MB)

# ------------------------------------------------------------------ the budget

# Headers on each network with room for a few years' growth, times ~450 bytes of heap each.
case $chain in
  main) block_index_mib=512 ;;      # ~930 000 headers in 2026, room for 1.1 million
  test) block_index_mib=2304 ;;     # testnet3: ~4.8 million headers
  testnet4) block_index_mib=96 ;;
  signet) block_index_mib=160 ;;
  *) block_index_mib=0 ;;           # regtest or a custom chain: its test's few thousand blocks fit the base allowance
esac
mempool_mib=$(((maxmempool * 1000000 + 1048575) / 1048576))
allowance=$((YOUNG_MIB + BASE_ALLOWANCE_MIB + block_index_mib))
wanted=$((dbcache + mempool_mib + allowance))

# The memory the process may use: the tightest memory.max on the way from its cgroup (v2) to the root, cgroup v1's
# limit, and physical RAM.
limit_mib=""
lower() { [[ -z $limit_mib ]] || (($1 < limit_mib)) && limit_mib=$1; }
if [[ -r $SYS_ROOT/proc/meminfo ]]; then
  while read -r key kib _; do
    [[ $key == MemTotal: ]] && lower $((kib / 1024))
  done <"$SYS_ROOT/proc/meminfo"
fi
if [[ -r $SYS_ROOT/proc/self/cgroup ]]; then
  while IFS=: read -r _ controllers path; do
    if [[ -z $controllers ]]; then
      dir=$SYS_ROOT/sys/fs/cgroup${path%/}
      while :; do
        if [[ -r $dir/memory.max ]]; then
          read -r max <"$dir/memory.max"
          [[ $max =~ ^[0-9]+$ ]] && lower $((max / 1048576))
        fi
        [[ $dir == "$SYS_ROOT/sys/fs/cgroup" || $dir != */* ]] && break
        dir=${dir%/*}
      done
    fi
  done <"$SYS_ROOT/proc/self/cgroup"
fi
if [[ -r $SYS_ROOT/sys/fs/cgroup/memory/memory.limit_in_bytes ]]; then
  read -r max <"$SYS_ROOT/sys/fs/cgroup/memory/memory.limit_in_bytes"
  [[ $max =~ ^[0-9]{1,16}$ ]] && lower $((max / 1048576))
fi

heap=$wanted
cap=""
if [[ -n $limit_mib ]]; then
  cap=$((limit_mib * 3 / 4))
  ((limit_mib - NON_HEAP_RESERVE_MIB < cap)) && cap=$((limit_mib - NON_HEAP_RESERVE_MIB))
  ((cap < limit_mib / 4)) && cap=$((limit_mib / 4))
  ((heap > cap)) && heap=$cap
fi
young=$YOUNG_MIB
((young > heap / 3)) && young=$((heap / 3))
coins_heap=$((heap - mempool_mib - allowance))
((coins_heap < 0)) && coins_heap=0

if [[ $explain == 1 ]]; then
  echo "network: $chain (data directory $datadir, configuration file ${conf:-none})"
  echo "-dbcache: $dbcache MiB; -maxmempool: $maxmempool MB ($mempool_mib MiB)"
  echo "allowance: $allowance MiB (young generation $YOUNG_MIB, base $BASE_ALLOWANCE_MIB, block index $block_index_mib)"
  echo "wanted heap: $wanted MiB; memory limit: ${limit_mib:-unknown} MiB; cap: ${cap:-none} MiB"
  echo "heap: $heap MiB$([[ $heap -lt $wanted ]] && echo " (capped: the UTXO cache gets at most half of it)")"
fi
echo "-Xmx${heap}m -Xmn${young}m -Dblocksmith.dbcacheHeapMiB=$coins_heap"
