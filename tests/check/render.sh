#!/bin/sh
# Renders docconv's output the way a reader sees it, to a PNG, with
# headless Chromium (Debian package `chromium`; not needed by `make test`):
#
#   render.sh PAGE.html OUT.png [WIDTH,HEIGHT]
#   render.sh BOOK.epub OUT.png [WIDTH,HEIGHT] [N]   the N-th article (1)
#
# For a book the article's XHTML is rendered beside its stylesheet, as a
# reading system would. The default window is 900,1200. A vertical page is
# printed and its first page drawn (pdftoppm), because a screenshot of a
# vertical-rl page wider than the window comes out blank.
set -eu
if [ $# -lt 2 ]; then
	echo "usage: $0 PAGE.html|BOOK.epub OUT.png [WIDTH,HEIGHT] [N]" >&2
	exit 2
fi
in=$1 out=$2 size=${3:-900,1200} n=${4:-1}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "$0: chromium is not installed (apt-get install chromium)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

case $in in
*.epub)
	unzip -q "$in" -d "$tmp/book"
	page=$(printf '%s/book/OEBPS/article-%03d.xhtml' "$tmp" "$n")
	;;
*)
	page=$in
	;;
esac
[ -f "$page" ] || { echo "$0: no page $page in $in" >&2; exit 1; }
page=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
case $out in /*) ;; *) out=$(pwd)/$out ;; esac

# The sandbox needs user namespaces, which root in a container lacks.
set -- --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--hide-scrollbars --user-data-dir="$tmp/profile" --window-size="$size"
if grep -q '<html[^>]*class="[^"]*vertical' "$page"; then
	"$browser" "$@" --no-pdf-header-footer --print-to-pdf="$tmp/page.pdf" \
		"file://$page" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
	pdftoppm -png -r 96 -f 1 -l 1 -singlefile "$tmp/page.pdf" "${out%.png}"
else
	"$browser" "$@" --screenshot="$out" "file://$page" >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; exit 1; }
fi
[ -s "$out" ] || { cat "$tmp/log" >&2; exit 1; }
echo "$out"
