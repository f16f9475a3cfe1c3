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

# EPUB: a content page as a reading system shows it, and a vertical book.
for pair in "zh:$zh" "en:$en"; do
	name=${pair%%:*} src=${pair#*:}
	"$bin" --to epub --force "$src" -o "$tmp/$name.epub"
	sh "$top/tests/check/render.sh" "$tmp/$name.epub" "$out/epub-$name.png" 720,960
done
"$bin" --to epub --vertical --force "$zht" -o "$tmp/vertical.epub"
sh "$top/tests/check/render.sh" "$tmp/vertical.epub" "$out/epub-vertical.png" 720,960
ls -l "$out"
