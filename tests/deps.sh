#!/bin/sh
# deps.sh [build|check] - the dependency step of `make demo` (build: what
# building sssctl and running the demo need) and `make check` (check: that
# and the test tools): install the Debian packages of the set that are
# missing (as root, with apt-get), otherwise print the exact apt-get line
# and stop. Without an argument: check.
#
# One package a line, in the set that needs it (README.md, "The two
# commands", says how many packages each set installs on a fresh Debian 12).
set -u

# building sssctl (`make`, `make install`) and `make demo`
build_pkgs="
gcc
make
pkg-config
git
tzdata
libgit2-dev
libcmark-gfm-dev
libcmark-gfm-extensions-dev
libyaml-dev
libpcre2-dev
libssl-dev
libxlsxwriter-dev
libgmime-3.0-dev
liblz4-dev
gettext
"

# what `make check` adds: unit tests, lint, the print and HTML suites, the
# sanitizers and fuzzers, valgrind, fault injection, the ssh/https remotes,
# the shell completion, the Debian package
check_pkgs="
libcmocka-dev
python3
chromium
fonts-noto-cjk
poppler-utils
clang
libclang-rt-14-dev
valgrind
strace
util-linux
mount
gnupg
openssh-server
openssh-client
nginx
fcgiwrap
zsh
debhelper
man-db
python3-openpyxl
locales
"

# the Japanese locale that tests/e2e/t-i18n.sh runs sssctl under (as root;
# without it the test builds one of its own with localedef)
ja_locale() {
	locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$' && return 0
	[ "$(id -u)" = 0 ] || return 0
	sed -i 's/^# *\(ja_JP\.UTF-8 UTF-8\)/\1/' /etc/locale.gen &&
		locale-gen >/dev/null
}

case ${1:-check} in
build) pkgs=$build_pkgs ;;
check) pkgs="$build_pkgs $check_pkgs" ;;
list-build) echo $build_pkgs; exit 0 ;;
list-check) echo $build_pkgs $check_pkgs; exit 0 ;;
*) echo "usage: sh tests/deps.sh [build|check]" >&2; exit 2 ;;
esac
missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && { [ "$pkgs" = "$build_pkgs" ] || ja_locale; exit 0; }
echo "sssctl: missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update && apt-get install -y --no-install-recommends $missing &&
		{ [ "$pkgs" = "$build_pkgs" ] || ja_locale; exit 0; }
	echo "sssctl: apt-get failed" >&2
	exit 1
fi
echo "run as root:  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
exit 1
