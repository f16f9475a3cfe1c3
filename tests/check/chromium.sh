#!/bin/sh
# Debian's chromium as the accessibility checks drive it (Ace by DAISY and
# axe_page.js, through Puppeteer's PUPPETEER_EXECUTABLE_PATH): headless,
# and kept off the network, which it otherwise tries to reach for
# components, sync and field trials. The sandbox needs user namespaces,
# which root in a container lacks. Puppeteer gives every run a fresh
# --user-data-dir of its own.
set -eu
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "$0: chromium is not installed (apt-get install chromium)" >&2
	exit 1
fi
exec "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
	--no-first-run --disable-background-networking \
	--disable-component-update --disable-sync "$@"
