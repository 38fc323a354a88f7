#!/usr/bin/env bash
# npm run data:fashion-mnist — puts the four Fashion-MNIST IDX files (Zalando SE, MIT licence;
# https://github.com/zalandoresearch/fashion-mnist) into examples/data/fashion-mnist/ (git-ignored).
# They come from Debian's package dataset-fashion-mnist, installed here when missing (needs root
# or sudo for apt-get). Idempotent: files already in place are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=/usr/share/datasets/fashion-mnist
DEST=examples/data/fashion-mnist
FILES="train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz"

missing=0
for f in $FILES; do [ -f "$SRC/$f" ] || missing=1; done
if [ "$missing" = 1 ]; then
  echo "data:fashion-mnist: installing the Debian package dataset-fashion-mnist"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  if ! $SUDO apt-get install -y --no-install-recommends dataset-fashion-mnist; then
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends dataset-fashion-mnist
  fi
fi
mkdir -p "$DEST"
for f in $FILES; do
  if [ ! -f "$DEST/$f" ] || ! cmp -s "$SRC/$f" "$DEST/$f"; then cp "$SRC/$f" "$DEST/$f"; fi
done
echo "data:fashion-mnist: $(ls "$DEST" | wc -l) files in $DEST"
