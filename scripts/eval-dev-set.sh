#!/usr/bin/env bash
# Optional: measure congvan on the development set in ../shared (not shipped to
# users; needs ../shared/{seeds,gold,eval,ocr} and python3). Prints the figures the
# issues' acceptance lists ask for:
#   - extraction vs gold (score_extract.py), each set apart: seeds, the real
#     letters clean and through Tesseract vie/eng, the written fixtures clean and
#     through their OCR forms
#   - header fields of the publisher-labelled documents (score_headers.py)
#   - repair figures, through models/eval.sh
# Usage: scripts/eval-dev-set.sh [SHARED_DIR]   (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="$(cd "${1:-../shared}" && pwd)"
cargo build --release -q
BIN="$PWD/target/release/congvan"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

# One set through `congvan extract --json`, scored: NAME GOLD_DIR TEXT_DIR SUFFIX
# (SUFFIX "" for clean text, ".ocr-vie"/".ocr-eng" for the fixtures' OCR forms).
score_set() {
  local name="$1" gold="$2" texts="$3" suffix="$4" out="$OUT/$1"
  mkdir -p "$out/gold" "$out/pred"
  for g in "$gold"/*.json; do
    local stem; stem=$(basename "$g" .json)
    local t="$texts/$stem$suffix.txt"
    [ -f "$t" ] || continue
    cp "$g" "$out/gold/"
    "$BIN" extract "$t" --json > "$out/pred/$stem.json" 2>/dev/null || true
  done
  printf '%-28s %3s letters  %s\n' "$name" "$(ls "$out/gold" | wc -l)" \
    "$(python3 "$SHARED/eval/score_extract.py" "$out/gold" "$out/pred" | tail -n 1)"
}

echo "== extraction (congvan extract --json vs gold; in-sample and out-of-sample never mixed)"
echo "-- seeds (the letters the rules were first written on: in-sample)"
score_set "seeds, clean" "$SHARED/gold" "$SHARED/seeds" ""
echo "-- real letters (../shared/real, dev set)"
score_set "real, clean" "$SHARED/real/gold" "$SHARED/real" ""
mkdir -p "$OUT/real-ocr"
for d in "$SHARED"/real/ocr/*/; do
  n=$(basename "$d")
  for form in ocr-vie ocr-eng; do cp "$d/$form.txt" "$OUT/real-ocr/$n.$form.txt"; done
done
score_set "real, OCR vie" "$SHARED/real/gold" "$OUT/real-ocr" ".ocr-vie"
score_set "real, OCR eng" "$SHARED/real/gold" "$OUT/real-ocr" ".ocr-eng"
if command -v tesseract >/dev/null 2>&1; then
  for d in "$SHARED"/real/ocr/*/; do cp "$d/scan.pdf" "$OUT/real-ocr/$(basename "$d").scan.pdf"; done
  # `extract scan.pdf`: the reader's own OCR (pdftoppm + Tesseract vie), about 2 min.
  mkdir -p "$OUT/real-scan/gold" "$OUT/real-scan/pred"
  for g in "$SHARED"/real/gold/*.json; do
    n=$(basename "$g" .json); cp "$g" "$OUT/real-scan/gold/"
    "$BIN" extract "$OUT/real-ocr/$n.scan.pdf" --json > "$OUT/real-scan/pred/$n.json" 2>/dev/null || true
  done
  printf '%-28s %3s letters  %s\n' "real, extract scan.pdf" "$(ls "$OUT/real-scan/gold" | wc -l)" \
    "$(python3 "$SHARED/eval/score_extract.py" "$OUT/real-scan/gold" "$OUT/real-scan/pred" | tail -n 1)"
else
  echo "real, extract scan.pdf: skipped (no tesseract)"
fi
echo "-- written fixtures (tests/fixtures/letters, dev set)"
score_set "written, clean" tests/fixtures/letters tests/fixtures/letters ""
score_set "written, OCR vie" tests/fixtures/letters tests/fixtures/letters ".ocr-vie"
score_set "written, OCR eng" tests/fixtures/letters tests/fixtures/letters ".ocr-eng"

echo
echo "== header fields of 224 real documents vs their publisher's metadata (score_headers.py)"
python3 "$SHARED/eval/score_headers.py" "$BIN" "$SHARED/corpus/tvpl_documents.jsonl" | tail -n 1

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
