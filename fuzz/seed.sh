#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds from the sample archive (meetings/,
# minutes.toml, templates/) and with the inputs of fuzz/regressions/<target>/
# (the committed inputs of bugs the fuzzers found). Safe to run again: it
# only adds files. The corpus itself is not committed; it grows as the
# fuzzers run.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz")"
corpus="$fuzz/corpus"

seed() { # seed TARGET FILE [PREFIX-BYTES-IN-PRINTF-FORMAT]
    local dir="$corpus/$1" name
    name="$(basename "$2")"
    mkdir -p "$dir"
    if [ -n "${3:-}" ]; then
        # shellcheck disable=SC2059 # the prefix is a printf format on purpose
        { printf "$3"; cat "$2"; } >"$dir/$name.$(printf '%s' "$3" | tr -dc '0-9')"
    else
        cp "$2" "$dir/$name"
    fi
}

meetings=()
overlays=()
for f in "$root"/meetings/*/*.toml; do
    case "$(basename "$f")" in
        *.*.toml) overlays+=("$f") ;;
        *) meetings+=("$f") ;;
    esac
done

for f in "${meetings[@]}"; do
    seed check_meeting "$f"
    seed agenda_add "$f"
    # render: the first bytes choose template, format, language, --public
    # and the dossier's tag (each byte modulo the number of choices).
    for kind in 0 1 2 3; do
        for format in 0 1 2; do
            seed render "$f" "\\$kind\\$format\\$(((kind + format) % 3))\\0\\0"
        done
    done
done
seed check_config "$root/minutes.toml"
for f in "${overlays[@]}"; do
    seed check_overlay "$f"
done
# The phrase tables are TOML of the same kind: more shapes to start from.
for f in "$root"/templates/lang/*.toml; do
    seed check_config "$f"
    seed check_overlay "$f"
done

for dir in "$fuzz"/regressions/*/; do
    [ -d "$dir" ] || continue
    target="$(basename "$dir")"
    for f in "$dir"*; do
        [ -f "$f" ] && seed "$target" "$f"
    done
done
for dir in "$corpus"/*/; do
    echo "$(basename "$dir"): $(find "$dir" -type f | wc -l) inputs"
done
