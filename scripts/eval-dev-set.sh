#!/usr/bin/env bash
# Optional: measure congvan on the development set in ../shared (not shipped to
# users; needs ../shared/{seeds,gold,eval,ocr} and python3). Prints the figures the
# issues' acceptance lists ask for:
#   - extraction of every seed vs the gold (score_extract.py)
#   - repair of stripped clean seeds, seed 001 vs 000, and the OCR'd seed scans
#   - clean seeds through repair: byte-identical or not
# Usage: scripts/eval-dev-set.sh [SHARED_DIR]   (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="$(cd "${1:-../shared}" && pwd)"
cargo build --release -q
BIN="$PWD/target/release/congvan"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo "== extraction (congvan extract --json vs gold)"
mkdir -p "$OUT/extract"
for f in "$SHARED"/seeds/*.txt; do
  "$BIN" extract "$f" --json > "$OUT/extract/$(basename "$f" .txt).json"
done
python3 "$SHARED/eval/score_extract.py" "$SHARED/gold" "$OUT/extract" | tail -n 12

echo
echo "== repair: stripped clean seeds (000, 002, 003, 004)"
: > "$OUT/pairs"
for f in "$SHARED"/seeds/*.txt; do
  b=$(basename "$f" .txt)
  case "$b" in 001_*) continue ;; esac
  python3 "$SHARED/eval/score_repair.py" --strip "$f" > "$OUT/$b.stripped.txt"
  "$BIN" repair "$OUT/$b.stripped.txt" > "$OUT/$b.repaired.txt"
  printf '%s\t%s\n' "$f" "$OUT/$b.repaired.txt" >> "$OUT/pairs"
done
python3 "$SHARED/eval/score_repair.py" --pairs "$OUT/pairs" | tail -n 1

echo
echo "== repair: seed 001 (OCR without a Vietnamese model) vs seed 000"
s000=$(ls "$SHARED"/seeds/000_*.txt); s001=$(ls "$SHARED"/seeds/001_*.txt)
python3 "$SHARED/eval/score_repair.py" "$s000" "$s001" | tail -n 1 | sed 's/^/input:    /'
"$BIN" repair "$s001" > "$OUT/001.repaired.txt"
python3 "$SHARED/eval/score_repair.py" "$s000" "$OUT/001.repaired.txt" | tail -n 1 | sed 's/^/repaired: /'

echo
echo "== repair: OCR'd seed scans (ocr-eng, ocr-vie) vs clean"
for engine in eng vie; do
  : > "$OUT/in-$engine"; : > "$OUT/out-$engine"
  for d in "$SHARED"/ocr/seeds/*/; do
    n=$(basename "$d")
    "$BIN" repair "$d/ocr-$engine.txt" > "$OUT/$n.$engine.repaired.txt"
    printf '%s\t%s\n' "$d/clean.txt" "$d/ocr-$engine.txt" >> "$OUT/in-$engine"
    printf '%s\t%s\n' "$d/clean.txt" "$OUT/$n.$engine.repaired.txt" >> "$OUT/out-$engine"
  done
  echo "ocr-$engine input:    $(python3 "$SHARED/eval/score_repair.py" --pairs "$OUT/in-$engine" | tail -n 1)"
  echo "ocr-$engine repaired: $(python3 "$SHARED/eval/score_repair.py" --pairs "$OUT/out-$engine" | tail -n 1)"
done

echo
echo "== clean seeds through repair"
for f in "$SHARED"/seeds/*.txt; do
  case "$(basename "$f")" in 001_*) continue ;; esac
  if "$BIN" repair "$f" | cmp -s - "$f"; then echo "identical: $(basename "$f")"; else echo "CHANGED:   $(basename "$f")"; fi
done

echo
echo "== seed 002 as a scan and as a PDF with a text layer (extraction vs gold 002)"
d002=$(ls -d "$SHARED"/ocr/seeds/002_*/); n002=$(basename "$d002")
mkdir -p "$OUT/gold002"; cp "$SHARED/gold/$n002.json" "$OUT/gold002/"
for form in clean.txt text-layer.pdf scan.pdf; do
  mkdir -p "$OUT/x-$form"
  if "$BIN" extract "$d002/$form" --json > "$OUT/x-$form/$n002.json"; then
    echo "$form: $(python3 "$SHARED/eval/score_extract.py" "$OUT/gold002" "$OUT/x-$form" | tail -n 1)"
  else
    echo "$form: extract failed"
  fi
done
