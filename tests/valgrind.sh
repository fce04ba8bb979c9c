#!/bin/sh
# valgrind.sh SSSCTL - `make check-valgrind`: a representative subset of
# the end-to-end tests plus a session with every command
# (tests/valgrind/session.sh), each sssctl run under valgrind memcheck:
# invalid reads and writes, uninitialised values, bad frees, and memory
# definitely lost at exit. Closes with "N passed, N failed"; every
# valgrind report counts as one failure and is printed.
#
# The wrapper gives valgrind's own exit status 97 (not 1: many tests
# expect sssctl's exit 1), and a log per process that is read afterwards,
# so an error is caught even where a test ignores the exit status.
set -u
[ $# = 1 ] || { echo "usage: sh tests/valgrind.sh BUILD/sssctl" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$bin" ] || { echo "valgrind.sh: no binary '$1'; run make first" >&2; exit 2; }
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind.sh: valgrind is not installed; as root: apt-get install -y valgrind" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
cd "$top"
work=$(mktemp -d "${TMPDIR:-/tmp}/sss-valgrind-XXXXXX")
mkdir "$work/vg" "$work/logs"

cat >"$work/sssctl" <<EOF
#!/bin/sh
exec valgrind --error-exitcode=97 --leak-check=full \\
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \\
	--num-callers=30 --suppressions="$top/tests/valgrind/pcre2-jit.supp" \\
	--log-file="$work/vg/%p.log" "$bin" "\$@"
EOF
chmod +x "$work/sssctl"

# The subset: every command that writes, the reading commands and the
# parsers; t-due.sh runs `due` for every day of a year (too slow here),
# the session covers due and report instead. VALGRIND_TESTS overrides.
tests=${VALGRIND_TESTS:-"tests/e2e/t-init.sh tests/e2e/t-new.sh tests/e2e/t-show.sh
tests/e2e/t-list.sh tests/e2e/t-set.sh tests/e2e/t-comment.sh
tests/e2e/t-close.sh tests/e2e/t-edit.sh tests/e2e/t-log.sh
tests/e2e/t-check.sh tests/e2e/t-grep.sh tests/e2e/t-sow.sh
tests/e2e/t-calendar.sh tests/valgrind/session.sh"}

i=0
for t in $tests; do
	[ -f "$t" ] || continue
	i=$((i + 1))
	echo "$i $t"
done >"$work/list"

W=$work xargs -P "${JOBS:-2}" -L 1 sh -c '
	SSSCTL="$W/sssctl" sh "$1" >"$W/logs/$0.log" 2>&1
	echo $? >"$W/logs/$0.rc"
' <"$work/list"

passed=0 failed=0
while read -r i t; do
	log=$work/logs/$i.log
	ok=$(grep -c '^ok ' "$log" 2>/dev/null)
	bad=$(grep -c '^not ok ' "$log" 2>/dev/null)
	ok=${ok:-0} bad=${bad:-0}
	rc=$(cat "$work/logs/$i.rc" 2>/dev/null || echo 99)
	[ "$rc" != 0 ] && [ "$bad" = 0 ] && bad=1
	passed=$((passed + ok))
	failed=$((failed + bad))
	if [ "$bad" != 0 ]; then
		echo "FAIL $t ($ok passed, $bad failed)"
		grep -v '^ok ' "$log" | sed 's/^/    /'
	else
		echo "ok   $t ($ok passed)"
	fi
done <"$work/list"

# every process's report: errors (definite leaks count as errors) are
# failures. A log without a summary is `edit`'s child, which became the
# editor (valgrind does not follow exec).
runs=0 reports=0
for f in "$work"/vg/*.log; do
	[ -f "$f" ] || continue
	grep -q 'ERROR SUMMARY:' "$f" || continue
	runs=$((runs + 1))
	grep -q 'ERROR SUMMARY: 0 errors' "$f" && continue
	reports=$((reports + 1))
	echo "FAIL valgrind: $(sed -n 's/^==[0-9]*== Command: //p' "$f")"
	grep -v -E '^==[0-9]+== (Memcheck|Copyright|Using Valgrind|Command|Parent PID)' "$f" |
		sed 's/^/    /' | head -n 60
done
failed=$((failed + reports))
echo "# valgrind: $runs sssctl runs, $reports with errors or definite leaks"
[ "$failed" = 0 ] && rm -rf "$work"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
