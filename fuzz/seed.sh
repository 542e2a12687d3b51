#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds from the sample archive (meetings/,
# minutes.toml, templates/), the archives of the tests (tests/fixtures/),
# the files of fuzz/seeds/ (every key of each format) and the inputs of
# fuzz/regressions/<target>/ (the committed inputs of bugs the fuzzers
# found). Safe to run again: it
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
for f in "$root"/meetings/*/*.toml "$root"/tests/fixtures/*/meetings/*/*.toml; do
    case "$(basename "$f")" in
        *.*.toml) overlays+=("$f") ;;
        *) meetings+=("$f") ;;
    esac
done
meetings+=("$fuzz/seeds/meeting-every-key.toml")
overlays+=("$fuzz/seeds/overlay-every-key.toml")
configs=("$root/minutes.toml" "$root"/tests/fixtures/*/minutes.toml "$fuzz/seeds/minutes-every-key.toml")

for f in "${meetings[@]}"; do
    seed check_meeting "$f"
    seed agenda_add "$f"
    seed redate "$f"
    # render: the first bytes choose template, format, language, --public
    # and the dossier's tag (each byte modulo the number of choices).
    for kind in 0 1 2 3; do
        for format in 0 1 2; do
            seed render "$f" "\\$kind\\$format\\$(((kind + format) % 3))\\0\\0"
        done
    done
done
mkdir -p "$corpus/check_config"
n=0
for f in "${configs[@]}"; do
    # Numbered: the fixtures' files are all called minutes.toml.
    n=$((n + 1))
    cp "$f" "$corpus/check_config/minutes-$n.toml"
done
for f in "${overlays[@]}"; do
    seed check_overlay "$f"
done
# The phrase tables are TOML of the same kind: more shapes to start from.
for f in "$root"/templates/lang/*.toml; do
    seed check_config "$f"
    seed check_overlay "$f"
done

# merge_file: three files separated by NUL bytes. Each meeting as the
# ancestor of two edits that merge cleanly (a line of notes here, an item
# there) and of two that conflict (the status on both sides); and three
# different meetings, as if each side had written its own.
mkdir -p "$corpus/merge_file"
n=0
for f in "${meetings[@]}"; do
    n=$((n + 1))
    ours="$(sed '0,/^notes = """$/s//notes = """\nA line of ours./' "$f")"
    theirs="$(cat "$f"; printf '\n[[items]]\nid = "theirs"\ntitle = "Theirs"\n')"
    { cat "$f"; printf '\0%s\0%s' "$ours" "$theirs"; } >"$corpus/merge_file/clean-$n"
    { cat "$f"; printf '\0'; sed 's/^status = .*/status = "draft"/' "$f"; printf '\0'
      sed 's/^status = .*/status = "published"/' "$f"; } >"$corpus/merge_file/conflict-$n"
done
for i in $(seq 0 $((${#meetings[@]} - 3))); do
    { cat "${meetings[$i]}"; printf '\0'; cat "${meetings[$((i + 1))]}"; printf '\0'
      cat "${meetings[$((i + 2))]}"; } >"$corpus/merge_file/apart-$i"
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
