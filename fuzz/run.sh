#!/usr/bin/env bash
# Runs the fuzz targets one after the other, each for SECONDS, on one core,
# and prints what each did. Usage: fuzz/run.sh SECONDS [TARGET...]
# (all targets when none is named).
#
# Builds with `cargo fuzz build -s none`, which works on a stable toolchain,
# in release mode with debug assertions (FUZZ_FLAGS, default `-a`; `--dev`
# builds faster and runs slower). FUZZ_TOOLCHAIN=+nightly with
# FUZZ_SANITIZER=address gives a sanitizer build. Exits non-zero when a
# target crashes, hangs or runs out of memory: the input is then in
# fuzz/artifacts/<target>/ and the log in fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi
toolchain="${FUZZ_TOOLCHAIN:-}"
sanitizer="${FUZZ_SANITIZER:-none}"
read -r -a flags <<<"${FUZZ_FLAGS:--a}"

# The targets write their files into a scratch archive under TMPDIR: in
# memory where the system has a memory file system, removed at the end.
scratch="$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"

./seed.sh >/dev/null
cargo $toolchain fuzz build -s "$sanitizer" "${flags[@]}"
mkdir -p logs
failed=()
for target in "${targets[@]}"; do
    log="logs/$target.log"
    if cargo $toolchain fuzz run -s "$sanitizer" "${flags[@]}" "$target" "corpus/$target" -- \
        -dict=minutes.dict -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
        outcome=ok
    else
        outcome=FAILED
        failed+=("$target")
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    features="$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)"
    echo "$target: $outcome, ${runs:-?} runs in ${seconds}s, ${features:-no coverage reported}"
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "failed: ${failed[*]} (see fuzz/logs/ and fuzz/artifacts/)" >&2
    exit 1
fi
