#!/bin/sh
# deps.sh - the dependency step that `make demo` and `make check` share:
# install the Debian packages sssctl needs when they are missing (as root,
# with apt-get), otherwise print the exact apt-get line and stop.
set -u
pkgs="gcc make pkg-config git tzdata libgit2-dev libcmark-gfm-dev
libcmark-gfm-extensions-dev libyaml-dev libpcre2-dev libssl-dev libcmocka-dev libgmime-3.0-dev python3
chromium fonts-noto-cjk poppler-utils clang libclang-rt-14-dev valgrind strace util-linux mount
gnupg openssh-server openssh-client nginx fcgiwrap"
missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "sssctl: missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update && apt-get install -y --no-install-recommends $missing && exit 0
	echo "sssctl: apt-get failed" >&2
	exit 1
fi
echo "run as root:  apt-get update && apt-get install -y$missing" >&2
exit 1
