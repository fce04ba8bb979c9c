# lib.sh - the end-to-end test helper: sourced by every tests/e2e/t-*.sh.
#
# Each test is a shell function named test_*; it runs in a subshell with
# `set -e` inside a fresh temporary directory, with a data repository made
# by `setup_repo` when it asks for one. After each test the repository
# must pass `git fsck --strict` and have a clean `git status`. A failing
# test keeps its directory and says where. Output is TAP.
#
# SSSCTL names the binary under test (the build tree's, never an installed
# one).

set -u
: "${SSSCTL:?SSSCTL must name the sssctl binary}"
TESTS_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export LC_ALL=C.UTF-8 TZ=UTC HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1
unset VISUAL EDITOR GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL SSS_NOW LANGUAGE
export SSS_AUTHOR="テスト太郎 <taro@example.com>"

sss() { "$SSSCTL" "$@"; }

fail() {
	echo "# FAIL: $*" >&2
	exit 1
}

# setup_repo [contract-start]: a fresh data repository in ./repo, cd there.
# Without the pre-commit hook: tests commit broken files with git on
# purpose, as a clone (which gets no hooks) may.
setup_repo() {
	"$SSSCTL" init --no-hooks --contract-start "${1:-2026-04-01}" repo >/dev/null ||
		fail "init failed"
	cd repo
	REPO=$(pwd)
	export SSS_NOW=2026-11-26T10:00:00+09:00
}

# expect_status N CMD...: run CMD, expect exit status N; stdout goes to
# ./out and stderr to ./err.
expect_status() {
	want=$1
	shift
	set +e
	"$@" >"$OUT" 2>"$ERR"
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		echo "# command: $*" >&2
		echo "# stdout:" >&2; sed 's/^/#   /' "$OUT" >&2
		echo "# stderr:" >&2; sed 's/^/#   /' "$ERR" >&2
		fail "expected exit status $want, got $got"
	fi
}

# expect_error N PATTERN CMD...: exit status N, and stderr is exactly one
# line "sssctl: error: ..." matching PATTERN (grep -E).
expect_error() {
	want=$1 pat=$2
	shift 2
	expect_status "$want" "$@"
	first=$(head -n 1 "$ERR")
	case "$first" in
	"sssctl: error: "*) ;;
	*) fail "stderr does not start with 'sssctl: error: ': $first" ;;
	esac
	grep -Eq -- "$pat" "$ERR" || fail "stderr does not match '$pat': $(cat "$ERR")"
}

# expect_out EXPECTED: stdout of the last command equals EXPECTED.
expect_out() {
	printf '%s\n' "$1" >"$OUT.want"
	diff -u "$OUT.want" "$OUT" >&2 || fail "unexpected output"
}

# expect_contains TEXT FILE: FILE holds the fixed string TEXT.
expect_contains() {
	grep -qF -- "$1" "$2" || { sed 's/^/#   /' "$2" >&2; fail "'$2' lacks '$1'"; }
}

# expect_eq GOT WANT [what]
expect_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: got '$1', want '$2'"
}

# expect_same_run "REF_VARS" "GOT_VARS" ARGS...: sssctl ARGS prints the
# same stdout and stderr and exits the same with the environment variables
# GOT_VARS as with REF_VARS (each a list of NAME=VALUE, may be empty).
expect_same_run() {
	_ref=$1 _got=$2
	shift 2
	set +e
	# shellcheck disable=SC2086
	env $_ref "$SSSCTL" "$@" >"$TMPDIR_T/ref" 2>"$TMPDIR_T/ref.err"
	_r1=$?
	# shellcheck disable=SC2086
	env $_got "$SSSCTL" "$@" >"$TMPDIR_T/got" 2>"$TMPDIR_T/got.err"
	_r2=$?
	set -e
	diff -u "$TMPDIR_T/ref" "$TMPDIR_T/got" >&2 ||
		fail "$* ($_got): stdout differs from ($_ref)"
	diff -u "$TMPDIR_T/ref.err" "$TMPDIR_T/got.err" >&2 ||
		fail "$* ($_got): stderr differs from ($_ref)"
	expect_eq "$_r2" "$_r1" "$* ($_got): exit status"
}

# skip REASON: end the current test as skipped; TAP says
# "ok N - ... # SKIP REASON" (for a tool the test needs that is missing).
skip() {
	printf '%s\n' "$*" >"$TMPDIR_T/skipped"
	exit 0
}

# commits: the number of commits on HEAD.
commits() { git rev-list --count HEAD; }

# repo_ok: fsck --strict clean and nothing uncommitted.
repo_ok() {
	[ -d "${REPO:-}/.git" ] || return 0
	(cd "$REPO" &&
		git fsck --strict --no-progress >/dev/null 2>"$TMPDIR_T/fsck" ||
		{ cat "$TMPDIR_T/fsck" >&2; fail "git fsck --strict failed"; }
		st=$(git status --porcelain)
		[ -z "$st" ] || { echo "$st" >&2; fail "git status is not clean"; })
}

run_tests() {
	n=0 failed=0
	name=$(basename "$0" .sh)
	tests=$(grep -oE '^test_[A-Za-z0-9_]+' "$0")
	for t in $tests; do
		n=$((n + 1))
		dir=$(mktemp -d "${TMPDIR:-/tmp}/sss-$name-XXXXXX")
		# not inside `if`: bash ignores set -e in a tested command
		(
			set -e
			cd "$dir"
			TMPDIR_T=$dir OUT=$dir/out ERR=$dir/err REPO=
			export TMPDIR_T OUT ERR
			$t
			repo_ok
		) 2>"$dir/log"
		rc=$?
		if [ "$rc" = 0 ] && [ -f "$dir/skipped" ]; then
			echo "ok $n - $name: $t # SKIP $(head -n 1 "$dir/skipped")"
			rm -rf "$dir"
		elif [ "$rc" = 0 ]; then
			echo "ok $n - $name: $t"
			rm -rf "$dir"
		else
			failed=$((failed + 1))
			echo "not ok $n - $name: $t (kept in $dir)"
			sed 's/^/    /' "$dir/log"
		fi
	done
	echo "1..$n"
	[ "$failed" = 0 ]
}

# openpyxl_python: print a python3 that has openpyxl (Debian's
# python3-openpyxl, an xlsx reader that is not ours), or nothing
openpyxl_python() {
	for p in python3 /usr/bin/python3; do
		if "$p" -c 'import openpyxl' 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
}
