#!/usr/bin/env python3
"""Make extra parallel clean/OCR text for the channel model (optional; needs the OCR tool
of ../shared/ocr/tool and its setup.sh). Picks deterministic chunks of training-corpus text
(never the held-out slice), renders them to scans with varied fonts and scanner presets and
reads them back with tesseract eng and vie.

usage: make_parallel.py CORPUS_DIR TOOL_DIR OUT_DIR [--chunks N]
"""
import json, os, subprocess, sys, hashlib, glob

def fnv1a(s):
    h = 0xcbf29ce484222325
    for b in s.encode():
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h

def heldout(doc_id):
    return fnv1a(doc_id) % 50 == 0

def main():
    corpus, tool, out = sys.argv[1:4]
    n = int(sys.argv[sys.argv.index("--chunks") + 1]) if "--chunks" in sys.argv else 40
    docs = []
    for f in sorted(glob.glob(os.path.join(corpus, "*.jsonl"))):
        for line in open(f, encoding="utf-8"):
            d = json.loads(line)
            if not heldout(d["id"]):
                docs.append(d)
    # Deterministic pick: docs ordered by a hash of their id.
    docs.sort(key=lambda d: hashlib.sha1(d["id"].encode()).hexdigest())
    fonts = ["Liberation Serif", "DejaVu Serif", "Noto Serif", "Liberation Sans"]
    presets = ["bad", "scan", "scan200"]
    made = 0
    for i, d in enumerate(docs):
        if made >= n:
            break
        lines = [l for l in d["text"].split("\n") if l.strip()]
        if len(lines) < 20:
            continue
        start = (fnv1a(d["id"]) >> 8) % max(1, len(lines) - 20)
        chunk, size = [], 0
        for l in lines[start:]:
            if size + len(l) > 2600:
                break
            chunk.append(l)
            size += len(l) + 1
        if size < 800:
            continue
        od = os.path.join(out, f"g{made:03d}")
        os.makedirs(od, exist_ok=True)
        src = os.path.join(out, f"g{made:03d}.txt")
        with open(src, "w", encoding="utf-8") as fh:
            fh.write("\n".join(chunk) + "\n")
        with open(os.path.join(od, "source.txt"), "w", encoding="utf-8") as fh:
            fh.write(d["id"] + "\n")
        if not os.path.exists(os.path.join(od, "ocr-eng.txt")):
            cmd = ["bash", os.path.join(tool, "render_ocr.sh"), src, od,
                   "--preset", presets[made % len(presets)], "--font", fonts[made % len(fonts)],
                   "--seed", str(made)]
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                sys.stderr.write(f"{od}: {r.stderr[-500:]}\n")
            for junk in ("scan.pdf", "text-layer.pdf", "meta.json"):
                p = os.path.join(od, junk)
                if os.path.exists(p):
                    os.remove(p)
        os.remove(src)
        made += 1
        print(od, flush=True)

if __name__ == "__main__":
    main()
