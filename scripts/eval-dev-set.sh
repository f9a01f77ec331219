#!/usr/bin/env bash
# Optional: measure congvan on the development set in ../shared (not shipped to
# users; needs ../shared/{seeds,gold,eval,ocr} and python3). Prints the figures the
# issues' acceptance lists ask for:
#   - extraction of every seed vs the gold (score_extract.py)
#   - repair figures, through models/eval.sh
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
echo "== repair (models/eval.sh: stripped seeds, seed 001, OCR'd seeds, byte-identical clean text, held-out slice, throughput)"
bash models/eval.sh "$SHARED" "$BIN"

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
