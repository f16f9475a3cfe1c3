#!/bin/sh
# Installs the Debian packages docconv needs to build, test and demonstrate
# itself. Run by `make demo` and `make test`; does nothing when all are there.
# Not root: prints the apt-get line to run and stops.
set -eu

# Build: compiler, CMake, the libraries (the PDF writer's: libharu,
# HarfBuzz with its subsetter, fontconfig, libunibreak for UAX #14 line
# breaks, libdeflate); the photo decoders' (libjpeg-turbo, libpng, giflib,
# libwebp).  Fonts: the PDF writer's defaults and what its
# tests use: Noto Serif/Sans CJK (OpenType/CFF collections), the TrueType
# ones (AR PL UMing and UKai, WenQuanYi Zen Hei, Liberation, DejaVu: the
# fallback the tests rely on), TeX Gyre (CFF Latin); fontconfig: fc-list.
# Checkers: epubcheck, qpdf, poppler-utils (pdffonts, pdftotext, pdftoppm);
# mupdf-tools (mutool: how MuPDF-based reading systems lay a book out);
# chromium (the browser Ace by DAISY and the axe checks drive; screenshots).
# Tests: python3 (structscore.py, test drivers) and python3-numpy (the
# reader's trainer, scripts/reader_train.py: `make train` and the
# reader.weights test), zip, bsdtar (7z archives for the batch tests), GNU
# time (peak memory), valgrind (instructions counted for the scaling
# tests), clang and its runtime (libFuzzer harnesses and sanitizers), cjpeg
# and cwebp (the photos the tests make: libjpeg-turbo-progs, webp).
PACKAGES="build-essential cmake pkg-config
libzip-dev libxml2-dev libhpdf-dev libuchardet-dev libfontconfig-dev libharfbuzz-dev
libunibreak-dev libdeflate-dev
libjpeg62-turbo-dev libpng-dev libgif-dev libwebp-dev libjpeg-turbo-progs webp
libutf8proc-dev uuid-dev libarchive-dev libarchive-tools time
fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei
fonts-liberation fonts-dejavu-core fonts-texgyre fontconfig
epubcheck qpdf poppler-utils mupdf-tools chromium
python3 python3-numpy zip unzip valgrind clang libclang-rt-14-dev"
# Node.js runs Ace by DAISY (npm @daisy/ace-cli, below): Debian's unless a
# node is there already (a nodesource one must not meet Debian's npm).
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"
# The accessibility checker, pinned: the tests read its report.
ACE="@daisy/ace-cli@1.4.6"

# Ace from npm, without the browser Puppeteer would download (nothing but
# the registries is reachable): it drives Debian's chromium instead.
install_ace() {
	command -v ace-cli >/dev/null 2>&1 && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "docconv's tests need Ace by DAISY; run as root:" >&2
		echo "  PUPPETEER_SKIP_DOWNLOAD=1 npm install -g $ACE" >&2
		return 1
	fi
	echo "installing: $ACE"
	PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium \
		npm install -g --no-audit --no-fund "$ACE"
}

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	install_ace
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "docconv needs these Debian packages:$missing" >&2
	echo "run as root:  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends $missing
install_ace
