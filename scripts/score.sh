#!/bin/sh
# `make score`: the structure docconv, pandoc and calibre recover from every
# labelled text, written to SCORES.md (scripts/score.py says how).
#
#   scripts/score.sh DOCCONV [score.py options]
#
# As root, pandoc and calibre are installed when missing, as for `make
# bench`; a peer that cannot be had is left out of the table.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
docconv=$1
shift
# shellcheck source=scripts/peers.sh
. "$root/scripts/peers.sh"
install_peers score pandoc calibre python3
# The outputs go to a temporary folder (TMPDIR), as the bench's do.
python3 "$root/scripts/score.py" --docconv "$docconv" "$@"
