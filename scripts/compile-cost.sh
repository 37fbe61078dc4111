#!/usr/bin/env bash
# What generated clients cost to compile: generates the client of each collection into one
# module of a scratch crate and times a cold `cargo check` of just that crate, with its
# dependencies prebuilt. Several collections show what modules sharing one crate cost together
# (compare with the sum of each alone).
#
# Usage: scripts/compile-cost.sh [collection.json ...]
#        (default: ../shared/corpus/zoom-api-v2-full.postman_collection.json)
#
# The scratch crate lives in target/compile-cost/ and has its own empty [workspace]; it shares
# the workspace's target directory and Cargo.lock (copied, resolved --offline), so reqwest,
# serde and serde_json are built once and reused. Each of RUNS (default 3) measurements is
# `cargo clean -p compile-cost-scratch` followed by a timed `cargo check` (retried if cargo had
# to wait for the shared target directory's lock or rebuilt a dependency); the median is
# printed with the generated client's lines of code and number of operations.
#
# The scratch crate enables the postman-runtime features the modules' `@generated` headers
# name (their signing schemes, `blocking`).
#
# Environment: RUNS=<n> (default 3); COMMAND=build times `cargo build` (a debug build, code
# generation included) instead of `cargo check`; TIMINGS=1 also writes a `--timings` report;
# GENERATOR=<binary> uses that postman-codegen instead of building this one (to measure an
# older version's output the same way); GENERATE_ARGS="--blocking" (for instance) passes
# options to `postman-codegen generate`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -eq 0 ]]; then
    set -- "$root/../shared/corpus/zoom-api-v2-full.postman_collection.json"
fi
collections=()
for collection in "$@"; do
    if [[ ! -f "$collection" ]]; then
        echo "compile-cost: no collection at $collection" >&2
        exit 2
    fi
    collections+=("$(cd "$(dirname "$collection")" && pwd)/$(basename "$collection")")
done
runs="${RUNS:-3}"
command="${COMMAND:-check}"
if [[ "$command" != check && "$command" != build ]]; then
    echo "compile-cost: COMMAND is check or build, not $command" >&2
    exit 2
fi

target="${CARGO_TARGET_DIR:-$root/target}"
scratch="$target/compile-cost"
crate=compile-cost-scratch
export CARGO_TARGET_DIR="$target"
export CARGO_TERM_COLOR=never

generator="${GENERATOR:-$target/release/postman-codegen}"
if [[ -z "${GENERATOR:-}" ]]; then
    echo "compile-cost: building the generator (release)" >&2
    cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p postman-codegen --bin postman-codegen
fi

mkdir -p "$scratch/src"
start=$(date +%s%N)
for i in "${!collections[@]}"; do
    echo "compile-cost: generating $(basename "${collections[$i]}")" >&2
    # shellcheck disable=SC2086 # GENERATE_ARGS is a list of options
    "$generator" generate "${collections[$i]}" ${GENERATE_ARGS:-} -o "$scratch/src/client$i.rs.new" 2>/dev/null
done
generate_ms=$(( ($(date +%s%N) - start) / 1000000 ))

# The postman-runtime features the modules need (signing schemes, the blocking face), as each
# module's `@generated` header names them on its "Needs the dependencies" line.
features=$(grep -h '^// Needs the dependencies postman-runtime' "$scratch"/src/client*.rs.new \
    | grep -o 'features = \[[^]]*\]' | grep -o '"[a-z0-9-]*"' | sort -u | paste -sd, || true)
echo "compile-cost: postman-runtime features: ${features:-none}" >&2

cat >"$scratch/Cargo.toml.new" <<'EOF'
[package]
name = "compile-cost-scratch"
version = "0.0.0"
edition = "2021"
publish = false

# Not part of the postman-codegen workspace.
[workspace]

[lib]
path = "src/lib.rs"

[dependencies]
postman-runtime = { path = "@RUNTIME@", features = [@FEATURES@] }
reqwest = { version = "0.13", default-features = false, features = ["json", "multipart", "query", "form"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
EOF
sed -i "s|@RUNTIME@|$root/runtime|; s|@FEATURES@|$features|" "$scratch/Cargo.toml.new"
# Rewrite files only when they change, so a rerun does not invalidate the prebuilt deps.
update() { if cmp -s "$1.new" "$1"; then rm "$1.new"; else mv "$1.new" "$1"; fi; }
update "$scratch/Cargo.toml"
cp "$root/Cargo.lock" "$scratch/Cargo.lock.new"
update "$scratch/Cargo.lock"
{
    echo '//! Generated clients, compiled by scripts/compile-cost.sh.'
    for i in "${!collections[@]}"; do echo "pub mod client$i;"; done
} >"$scratch/src/lib.rs.new"
update "$scratch/src/lib.rs"
rm -f "$scratch"/src/client*.rs
for i in "${!collections[@]}"; do mv "$scratch/src/client$i.rs.new" "$scratch/src/client$i.rs"; done

cargo_scratch() { cargo "$@" --offline --manifest-path "$scratch/Cargo.toml"; }

echo "compile-cost: building the dependencies (once)" >&2
cargo_scratch "$command" --quiet

# A timed run is only valid if cargo compiled nothing but the scratch crate and never waited
# for the target directory's lock (other builds may share it): otherwise it is retried.
times=()
log="$scratch/check.log"
for i in $(seq "$runs"); do
    for attempt in 1 2 3 4 5; do
        cargo_scratch clean --quiet -p "$crate"
        start=$(date +%s%N)
        cargo_scratch "$command" 2>"$log"
        ms=$(( ($(date +%s%N) - start) / 1000000 ))
        others=$(grep -E '^ *(Compiling|Checking) ' "$log" | grep -v " $crate " || true)
        if grep -q 'Blocking' "$log" || [[ -n "$others" ]]; then
            echo "compile-cost: run $i took $ms ms but waited for a lock or rebuilt dependencies; retrying" >&2
            continue
        fi
        break
    done
    echo "compile-cost: run $i: cargo check $ms ms" >&2
    times+=("$ms")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")

if [[ "${TIMINGS:-0}" == 1 ]]; then
    cargo_scratch clean --quiet -p "$crate"
    cargo_scratch "$command" --quiet --timings
    echo "compile-cost: timings report in $target/cargo-timings/" >&2
fi

lines=$(cat "$scratch"/src/client*.rs | wc -l)
ops=$(cat "$scratch"/src/client*.rs | grep -c -- '-> ::postman_runtime::Pending<' || true)
streams=$(cat "$scratch"/src/client*.rs | grep -c -- '-> ::postman_runtime::Pages<' || true)
bytes=$(cat "$scratch"/src/client*.rs | wc -c)
for collection in "${collections[@]}"; do echo "collection:        $(basename "$collection")"; done
echo "options, features: ${GENERATE_ARGS:-none}; postman-runtime [${features}]"
echo "generated:         $lines lines, $ops operations ($streams with a stream), $bytes bytes (generate: $generate_ms ms, whole CLI processes)"
echo "cargo $command runs:  ${times[*]} ms"
echo "cargo $command:       median $median ms of $runs (cold $command of the generated crate only, deps prebuilt; $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
