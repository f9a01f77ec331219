#!/usr/bin/env bash
# Dev-set figures for the repair engine. Optional: reads /work/shared (not needed to
# build or test). Usage: bash models/eval.sh [SHARED] [BIN]
set -euo pipefail
S=${1:-/work/shared}
BIN=${2:-${CARGO_TARGET_DIR:-target}/release/congvan}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
seed() { ls "$S"/seeds/"$1"_*.txt; }

# 1. Stripped seeds 000, 002, 003, 004.
: > "$T/pairs"
for s in 000 002 003 004; do
  python3 "$S/eval/score_repair.py" --strip "$(seed $s)" > "$T/$s.in.txt"
  "$BIN" repair "$T/$s.in.txt" > "$T/$s.out"
  printf '%s\t%s\n' "$(seed $s)" "$T/$s.out" >> "$T/pairs"
done
echo "stripped seeds 000,002,003,004: $(python3 "$S/eval/score_repair.py" --pairs "$T/pairs" | tail -1)"

# 2. Seed 001 (OCR without a Vietnamese model) against seed 000.
"$BIN" repair "$(seed 001)" > "$T/001.out"
echo "seed 001 input:              $(python3 "$S/eval/score_repair.py" "$(seed 000)" "$(seed 001)" | tail -1)"
echo "seed 001 repaired vs 000:    $(python3 "$S/eval/score_repair.py" "$(seed 000)" "$T/001.out" | tail -1)"

# 3. OCR of the rendered seeds.
for eng in eng vie; do
  : > "$T/in.$eng"; : > "$T/out.$eng"
  for d in "$S"/ocr/seeds/*/; do
    n=$(basename "$d")
    "$BIN" repair "$d/ocr-$eng.txt" > "$T/$n.$eng.out"
    printf '%s\t%s\n' "$d/clean.txt" "$d/ocr-$eng.txt" >> "$T/in.$eng"
    printf '%s\t%s\n' "$d/clean.txt" "$T/$n.$eng.out" >> "$T/out.$eng"
  done
  echo "ocr-$eng input:               $(python3 "$S/eval/score_repair.py" --pairs "$T/in.$eng" | tail -1)"
  echo "ocr-$eng repaired:            $(python3 "$S/eval/score_repair.py" --pairs "$T/out.$eng" | tail -1)"
done

# 4. Clean seeds must come out byte-identical.
same=0; total=0
for f in "$S"/seeds/*.txt; do
  total=$((total+1))
  if "$BIN" repair "$f" | cmp -s - <(python3 -c 'import sys,unicodedata;sys.stdout.write(unicodedata.normalize("NFC",open(sys.argv[1],encoding="utf-8").read()))' "$f"); then same=$((same+1)); fi
done
echo "seeds byte-identical through repair: $same of $total (001 is OCR and is expected to change)"

# 5. Held-out corpus slice, stripped.
"$BIN" model heldout --corpus "$S/corpus" > "$T/held.txt"
python3 "$S/eval/score_repair.py" --strip "$T/held.txt" > "$T/held.in.txt"
"$BIN" repair "$T/held.in.txt" > "$T/held.out"
echo "held-out slice ($(wc -c < "$T/held.txt") bytes) stripped: $(python3 "$S/eval/score_repair.py" "$T/held.txt" "$T/held.out" | tail -1)"

# 5b. The held-out slice as it is (clean text) must come out byte-identical.
if "$BIN" repair "$T/held.txt" | cmp -s - "$T/held.txt"; then
  echo "held-out slice, clean, through repair: byte-identical"
else
  echo "held-out slice, clean, through repair: CHANGED"
fi

# 6. Throughput.
"$BIN" bench-repair "$T/held.in.txt" --rounds 3

# 7. Opt-in adaptation, measured separately: each letter repaired with the model adapted
#    to the OTHER clean seeds (never its own text; for 001, never 000).
A="$T/adapt"; mkdir -p "$A"
for t in 000 001 002 003 004; do
  mkdir -p "$A/$t"
  for o in 000 002 003 004; do
    if [ "$o" != "$t" ] && ! { [ "$t" = 001 ] && [ "$o" = 000 ]; }; then cp "$(seed $o)" "$A/$t/"; fi
  done
done
: > "$T/ap"
for s in 000 002 003 004; do
  "$BIN" model adapted "$T/$s.in.txt" --adapt "$A/$s" > "$T/$s.ad"
  printf '%s\t%s\n' "$(seed $s)" "$T/$s.ad" >> "$T/ap"
done
echo "adapted, stripped seeds:     $(python3 "$S/eval/score_repair.py" --pairs "$T/ap" | tail -1)"
"$BIN" model adapted "$(seed 001)" --adapt "$A/001" > "$T/001.ad"
echo "adapted, seed 001 vs 000:    $(python3 "$S/eval/score_repair.py" "$(seed 000)" "$T/001.ad" | tail -1)"
: > "$T/aq"
for d in "$S"/ocr/seeds/*/; do
  n=$(basename "$d")
  "$BIN" model adapted "$d/ocr-eng.txt" --adapt "$A/${n:0:3}" > "$T/$n.ad"
  printf '%s\t%s\n' "$d/clean.txt" "$T/$n.ad" >> "$T/aq"
done
echo "adapted, ocr-eng:            $(python3 "$S/eval/score_repair.py" --pairs "$T/aq" | tail -1)"
