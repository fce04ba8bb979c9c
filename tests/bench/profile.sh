#!/bin/sh
# profile.sh SSSCTL [N] - the profiles behind tests/bench/diagnosis.md:
# callgrind (instruction counts, which other load on the machine does not
# disturb) of each benchmarked command on a gen-repo repository of N
# tickets (default 10,000), and strace -c of `list`. Prints the functions
# with the largest inclusive cost; the callgrind files stay in
# PROFILE_DIR (default /tmp/sss-profile) for callgrind_annotate.
# Needs valgrind (and strace for the syscall counts). Not run by make.
set -eu
[ $# -ge 1 ] || { echo "usage: profile.sh SSSCTL [N]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
SSSCTL=$1 N=${2:-10000}
case $SSSCTL in /*) ;; *) SSSCTL=$(pwd)/$SSSCTL ;; esac
out=${PROFILE_DIR:-/tmp/sss-profile}
command -v valgrind >/dev/null || { echo "profile.sh: needs valgrind" >&2; exit 1; }
export LC_ALL=C.UTF-8 TZ=Asia/Tokyo GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export SSS_AUTHOR="ベンチ太郎 <bench@example.invalid>"
rm -rf "$out"
mkdir -p "$out"
cp "$SSSCTL" "$out/sssctl"
SSSCTL=$out/sssctl
SSSCTL=$SSSCTL "$here/gen-repo" "$N" "$out/repo"
cd "$out/repo"
S="$SSSCTL --now 2027-03-31T18:00:00+09:00"
id=$(find tickets/2021 -name '[0-9]*.md' | sed -n '1s,.*/,,;1s/\.md$//p')

prof() {
	name=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file="$out/cg-$name.out" "$@" \
		>/dev/null 2>"$out/vg-$name.err"
	echo "== $name: $* ($(grep -o 'refs: *[0-9,]*' "$out/vg-$name.err" | tr -s ' ') instructions)"
	callgrind_annotate --inclusive=yes "$out/cg-$name.out" 2>/dev/null |
		grep -E '^ *[0-9,]+ \( *[0-9.]+%\) ' | grep -v 'below main\|libc-start\|ld-linux.*0x\|PROGRAM' |
		sed -n '1,16p'
}
prof new $SSSCTL new incident-software --software ApexOne --event 定義ファイル更新失敗 --assignee 田中
prof show $S show "$id"
prof list $S list --status open --format tsv
prof grep $S grep 証明書期限切れ
prof due $S due
prof check $S check
if command -v strace >/dev/null; then
	echo "== syscalls of list (strace -c)"
	strace -c -o "$out/strace-list.txt" $S list --status open --format tsv >/dev/null
	sed -n '1,8p' "$out/strace-list.txt"
	echo "== syscalls of grep -rl (strace -c)"
	strace -f -c -o "$out/strace-grep.txt" grep -rl 証明書期限切れ tickets >/dev/null
	sed -n '1,8p' "$out/strace-grep.txt"
fi
echo "callgrind files in $out (callgrind_annotate --inclusive=yes FILE)"
