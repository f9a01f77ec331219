#!/usr/bin/env bash
# Remake the README's screenshots of the desk (docs/screenshots/*.png) with the
# browser test, in headless Chromium (Debian's `chromium` package).
# Usage: scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CONGVAN_REQUIRE_BROWSER=1 CONGVAN_SCREENSHOTS="$PWD/docs/screenshots" \
  cargo test --test browser -- --nocapture
ls -l docs/screenshots
