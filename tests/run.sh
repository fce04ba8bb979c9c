#!/bin/sh
# run.sh BUILD... - run every test against each build directory (the plain
# one and the ASan+UBSan one) and close with "N passed, N failed".
#   unit tests: BUILD/tests/test_* (cmocka, TAP output)
#   end-to-end: tests/e2e/t-*.sh with SSSCTL=BUILD/sssctl
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logdir=$(mktemp -d "${TMPDIR:-/tmp}/sss-check-XXXXXX")
jobs=${JOBS:-2}
BUILDS="$*"
export BUILDS

# Suites that run once, against the first build: tests/*/suite-*.sh
# (stress, crash, corpus, fuzz, property, package). They print TAP like
# the others and get SSSCTL, and BUILDS with every build directory. They
# are the longest (a minute or more each), so they start first: the short
# tests then fill the other lane, and no long one is left running alone
# at the end.
for t in tests/*/suite-*.sh; do
	[ -f "$t" ] && echo "$1:$t"
done >"$logdir/list"
for build in "$@"; do
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		echo "$t"
	done
	for t in tests/e2e/t-*.sh; do
		echo "$build:$t"
	done
done >>"$logdir/list"

# Run each suite into its own log, two at a time; print them in order.
n=0
while IFS= read -r item; do
	n=$((n + 1))
	echo "$n $item"
done <"$logdir/list" | xargs -P "$jobs" -L 1 sh -c '
	i=$1 item=$2 logdir='"'$logdir'"'
	start=$(date +%s)
	case "$item" in
	*:*) build=${item%%:*} script=${item#*:}
	     SSSCTL="$(pwd)/$build/sssctl" BUILDS="$BUILDS" sh "$script" >"$logdir/$i.log" 2>&1 ;;
	*)   CMOCKA_MESSAGE_OUTPUT=TAP "$item" >"$logdir/$i.log" 2>&1 ;;
	esac
	echo $? >"$logdir/$i.rc"
	echo $(($(date +%s) - start)) >"$logdir/$i.time"
' sh

passed=0 failed=0
i=0
while IFS= read -r item; do
	i=$((i + 1))
	log="$logdir/$i.log"
	ok=$(grep -c '^ok ' "$log")
	bad=$(grep -c '^not ok ' "$log")
	rc=$(cat "$logdir/$i.rc" 2>/dev/null || echo 99)
	# a suite that died without reporting a failure still fails
	if [ "$rc" != 0 ] && [ "$bad" = 0 ]; then
		bad=1
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$bad" != 0 ]; then
		echo "FAIL $item ($ok passed, $bad failed, $(cat "$logdir/$i.time" 2>/dev/null)s)"
		grep -v '^ok ' "$log" | sed 's/^/    /'
	else
		echo "ok   $item ($ok passed, $(cat "$logdir/$i.time" 2>/dev/null)s)"
	fi
done <"$logdir/list"
rm -rf "$logdir"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
