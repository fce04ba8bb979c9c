#!/bin/sh
# suite-package.sh - the Debian package, once per `make check`: build it
# with `dpkg-buildpackage -us -uc -b` in a temporary copy of the tree (so
# the build leaves nothing here), install it with dpkg -i on this machine,
# run what was installed (sssctl -h, man -w sssctl-new, the bash
# completion, init + new in a temporary repository), remove it, and check
# that nothing is left. Needs root (dpkg -i) and debhelper; a machine
# with an sssctl package already installed is not touched (a visible
# skip). Prints TAP.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - package: $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - package: $1"; }
skip_all() { echo "ok 1 - package: the .deb # SKIP $1"; echo "1..1"; exit 0; }
check() { # check NAME CMD...: one TAP line for CMD's success
	name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then ok "$name"; else not_ok "$name"; sed 's/^/    /' "$tmp/out"; fi
}

[ "$(id -u)" = 0 ] || skip_all "dpkg -i needs root"
# one run at a time on a machine (the package is the machine's): wait for
# another tree's run, at most 10 minutes
exec 9>"${TMPDIR:-/tmp}/sssctl-suite-package.lock"
flock -w 600 9 || skip_all "another suite-package run held the lock for 10 minutes"
command -v dpkg-buildpackage >/dev/null 2>&1 && command -v dh >/dev/null 2>&1 ||
	skip_all "dpkg-buildpackage or debhelper missing (tests/deps.sh installs them)"
if dpkg-query -W -f='${Status}' sssctl 2>/dev/null | grep -q 'ok installed'; then
	skip_all "a sssctl package is installed on this machine; not replacing it"
fi
[ ! -e /usr/bin/sssctl ] || skip_all "/usr/bin/sssctl exists and is not from a package"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sss-package-XXXXXX")
installed=
cleanup() {
	[ -z "$installed" ] || dpkg -r sssctl >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

version=$(sed -n '1s/^sssctl (\([^)]*\)).*/\1/p' "$top/debian/changelog")
src=$tmp/sssctl-$version
mkdir "$src"
# the tracked and new files of the tree, not its build directories
(cd "$top" && git ls-files -co --exclude-standard | tar -cf - -T -) | tar -xf - -C "$src"
before=$(cd "$top" && git status --porcelain --ignored | LC_ALL=C sort)

start=$(date +%s)
if (cd "$src" && DEB_BUILD_OPTIONS="noddebs noopt" dpkg-buildpackage -us -uc -b -j2) >"$tmp/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b builds sssctl_${version}_*.deb ($(($(date +%s) - start)) s)"
else
	not_ok "dpkg-buildpackage -us -uc -b"
	tail -n 30 "$tmp/build.log" | sed 's/^/    /'
	echo "1..$n"
	exit 1
fi
deb=$(ls "$tmp"/sssctl_"$version"_*.deb)
after=$(cd "$top" && git status --porcelain --ignored | LC_ALL=C sort)
check "the build leaves the source tree as it was" test "$before" = "$after"

check "dpkg -i installs it" dpkg -i "$deb"
installed=1
check "sssctl -h runs from /usr/bin" sh -c '/usr/bin/sssctl -h | grep -q "^commands:"'
check "man -w sssctl-new finds the page" sh -c \
	'test "$(man -w sssctl-new)" = /usr/share/man/man1/sssctl-new.1.gz'
check "dpkg -L lists the bash and zsh completion" sh -c \
	'dpkg -L sssctl | grep -qx /usr/share/bash-completion/completions/sssctl &&
	 dpkg -L sssctl | grep -qx /usr/share/zsh/vendor-completions/_sssctl'
check "the installed bash completion completes 'sssctl li'" bash -c '
	. /usr/share/bash-completion/completions/sssctl
	COMP_WORDS=(sssctl li) COMP_CWORD=1
	_sssctl_bash
	test "${COMPREPLY[*]}" = list'
if [ -d "$top/po" ]; then
	check "the message catalog is installed" sh -c \
		'dpkg -L sssctl | grep -qx /usr/share/locale/ja/LC_MESSAGES/sssctl.mo'
	if locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
		# the binary finds its catalog under /usr: the error is not the English one
		check "LANG=ja_JP.UTF-8 gives the installed Japanese messages" sh -c '
			en=$(env -u SSSCTL_LOCALEDIR LC_ALL=C.UTF-8 /usr/bin/sssctl nosuch 2>&1)
			ja=$(env -u SSSCTL_LOCALEDIR -u LC_ALL LANG=ja_JP.UTF-8 /usr/bin/sssctl nosuch 2>&1)
			test -n "$ja" && test "$en" != "$ja"'
	else
		ok "LANG=ja_JP.UTF-8 gives the installed Japanese messages # SKIP no ja_JP.UTF-8 locale (tests/deps.sh makes it)"
	fi
fi
check "init and new in a new repository" env -i PATH=/usr/bin:/bin HOME="$tmp" \
	LANG=C.UTF-8 SSS_AUTHOR="パッケージ試験 <pkg@example.invalid>" sh -c '
	cd "$1" && sssctl init --contract-start 2026-04-01 r >/dev/null && cd r &&
	id=$(sssctl new usage-inquiry --event "髙橋さんの①ＰＣ" --now 2026-11-26T10:00:00+09:00) &&
	sssctl show "$id" | grep -q "髙橋さんの①ＰＣ" &&
	test "$(git rev-list --count HEAD)" = 2 && git fsck --strict --no-progress' sh "$tmp"

check "dpkg -r removes it" dpkg -r sssctl
installed=
check "nothing of it is left" sh -c \
	'! test -e /usr/bin/sssctl && ! test -e /usr/share/man/man1/sssctl-new.1.gz &&
	 ! test -e /usr/share/bash-completion/completions/sssctl'
echo "1..$n"
[ "$failed" = 0 ]
