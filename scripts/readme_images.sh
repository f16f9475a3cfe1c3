#!/bin/sh
# Makes the pictures in README.md from samples/, so they show what the
# current build really produces:  scripts/readme_images.sh [DOCCONV]
# Needs poppler-utils (pdftoppm) and Debian's chromium (for the EPUB pages,
# through tests/check/render.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/docconv}
out=$top/doc/images
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export SOURCE_DATE_EPOCH=1700000000
mkdir -p "$out"

zh=$top/samples/zh_page_captions.txt
en=$top/samples/en_wire_hyphen.txt
zht=$top/samples/zht_big5_indent.txt

# PDF: the first page of a Chinese and an English article.
for pair in "zh:$zh" "en:$en"; do
	name=${pair%%:*} src=${pair#*:}
	"$bin" --to pdf --force "$src" -o "$tmp/$name.pdf"
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$tmp/$name.pdf" "$out/pdf-$name"
done

# PDF with photos: the Chinese article with pictures beside it, made as
# the tests make them (tests/check/pictures.py): its first page.
mkdir -p "$tmp/photos"
cp "$zh" "$tmp/photos/story.txt"
python3 - "$top/tests/check" "$tmp/photos" <<'PY'
import os, sys
sys.path.insert(0, sys.argv[1])
import pictures
out = sys.argv[2]
with open(os.path.join(out, "story-1.jpg"), "wb") as f:
    f.write(pictures.jpeg(1200, 800))
PY
"$bin" --to pdf --force "$tmp/photos/story.txt" -o "$tmp/photos.pdf"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$tmp/photos.pdf" "$out/pdf-zh-photos"

# EPUB: a content page as a reading system shows it, and a vertical book.
for pair in "zh:$zh" "en:$en"; do
	name=${pair%%:*} src=${pair#*:}
	"$bin" --to epub --force "$src" -o "$tmp/$name.epub"
	sh "$top/tests/check/render.sh" "$tmp/$name.epub" "$out/epub-$name.png" 720,960
done
"$bin" --to epub --vertical --force "$zht" -o "$tmp/vertical.epub"
sh "$top/tests/check/render.sh" "$tmp/vertical.epub" "$out/epub-vertical.png" 720,960
ls -l "$out"
