# Sourced by bench.sh and score.sh: installs the tools docconv is compared
# with (pandoc, calibre: Debian packages), and what the comparison needs,
# when they are missing and this is root; a peer that cannot be had is
# skipped by the caller, which says so.
#
#   install_peers NAME PACKAGE...    NAME prefixes the messages
install_peers() {
	name=$1
	shift
	missing=""
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
			missing="$missing $p"
		fi
	done
	[ -n "$missing" ] || return 0
	if [ "$(id -u)" = 0 ]; then
		echo "$name: installing$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing ||
			echo "$name: could not install$missing; going on without" >&2
	else
		echo "$name: not root, so not installing$missing (skipped if absent)" >&2
	fi
}
