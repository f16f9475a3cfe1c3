#!/bin/sh
# Installs the Debian packages docconv needs to build, test and demonstrate
# itself. Run by `make demo` and `make test`; does nothing when all are there.
# Not root: prints the apt-get line to run and stops.
set -eu

# Build: compiler, CMake, the libraries.  Fonts: the PDF writer's defaults
# (DejaVu: the fallback the PDF tests rely on; fontconfig: fc-list).
# Checkers: epubcheck, qpdf, poppler-utils (pdffonts, pdftotext, pdftoppm).
# Tests: python3 (structscore.py, test drivers), zip, clang and its runtime
# (libFuzzer harnesses and sanitizers).
PACKAGES="build-essential cmake pkg-config
libzip-dev libxml2-dev libhpdf-dev libuchardet-dev libfontconfig-dev libharfbuzz-dev
fonts-wqy-zenhei fonts-arphic-uming fonts-liberation fonts-dejavu-core fontconfig
epubcheck qpdf poppler-utils
python3 zip unzip clang libclang-rt-14-dev"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

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
