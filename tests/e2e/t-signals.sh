#!/bin/sh
# Signals and closed descriptors: a writer killed in the middle of its
# change leaves no lock behind, so plain git works at once (git's
# lockfile behaviour), and a command run with stdout closed never prints
# into a file it opens.
. "$(dirname "$0")/lib.sh"

have_strace() {
	command -v strace >/dev/null 2>&1 || skip "strace is not installed"
	strace -o /dev/null true 2>/dev/null || skip "strace cannot trace here"
	# LeakSanitizer cannot run under ptrace (the ASan build)
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
	export ASAN_OPTIONS
}

# kill_holding_index SIG ARGS...: run sssctl ARGS under strace, which holds
# it after its first write to .git/index.lock (the lock is then taken and
# registered); send SIG to sssctl there and wait. STATUS is its exit
# status. env --default-signal: a shell's background job would otherwise
# start with SIGINT ignored.
kill_holding_index() {
	sig=$1
	shift
	kill_holding "$REPO/.git/index.lock" "$sig" "$@"
}

# kill_holding FILE SIG ARGS...: the same, held after the first write to
# FILE (which must exist while held)
kill_holding() {
	lock=$1 sig=$2
	shift 2
	env --default-signal=INT,TERM,HUP strace -f -o "$TMPDIR_T/strace" -P "$lock" \
		-e trace=write,pwrite64 \
		-e inject=write,pwrite64:delay_exit=3000000:when=1 \
		sh -c 'echo $$ >"$0"; exec "$@"' "$TMPDIR_T/pid" "$SSSCTL" "$@" \
		>"$OUT" 2>"$ERR" &
	bg=$!
	i=0
	until grep -q DELAYED "$TMPDIR_T/strace" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 200 ] || { kill "$bg"; fail "sssctl $* never wrote '$lock'"; }
		sleep 0.05
	done
	[ -e "$lock" ] || fail "no '$lock' while held"
	kill -s "$sig" "$(cat "$TMPDIR_T/pid")"
	set +e
	wait "$bg"
	STATUS=$?
	set -e
}

# after_kill SIG: sssctl died by SIG, left no index.lock, and plain git
# can stage at once; then the next sssctl command finishes the change.
after_kill() {
	case $1 in
	INT) want=130 ;;
	TERM) want=143 ;;
	HUP) want=129 ;;
	esac
	expect_eq "$STATUS" "$want" "exit status after SIG$1"
	[ ! -e "$REPO/.git/index.lock" ] || fail ".git/index.lock left after SIG$1"
	git add --dry-run -A >/dev/null 2>"$TMPDIR_T/git.err" ||
		{ cat "$TMPDIR_T/git.err" >&2; fail "git add fails after SIG$1"; }
	ls "$REPO"/tickets/*/*/*.tmp-* >/dev/null 2>&1 && fail "temp file left"
	sss list --all >/dev/null
}

test_sigint_during_due_releases_index_lock() {
	have_strace
	setup_repo
	kill_holding_index INT due
	after_kill INT
}

test_sigterm_during_due_releases_index_lock() {
	have_strace
	setup_repo
	kill_holding_index TERM due
	after_kill TERM
}

test_sighup_during_new_releases_index_lock() {
	have_strace
	setup_repo
	kill_holding_index HUP new usage-inquiry --event q
	after_kill HUP
}

test_sigterm_during_comment_releases_index_lock() {
	have_strace
	setup_repo
	id=$(sss new usage-inquiry --event q)
	kill_holding_index TERM comment "$id" -m "途中で止める"
	after_kill TERM
}

test_sigint_during_comment_releases_index_lock() {
	have_strace
	setup_repo
	id=$(sss new usage-inquiry --event q)
	kill_holding_index INT comment "$id" -m "途中で止める"
	after_kill INT
}

# fd 1 closed: the cache (the first file list opens) would get fd 1 and
# the list would be printed into it
# A signal while libgit2 writes the branch under its own ref lock
# (refs/heads/main.lock, which no registry of ours may remove) waits
# until the branch is updated: no ref lock is left, and the change is in.
test_sigterm_during_branch_update_leaves_no_ref_lock() {
	have_strace
	setup_repo
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	branch=$(git symbolic-ref --short HEAD)
	kill_holding "$REPO/.git/refs/heads/$branch.lock" TERM comment "$id" -m "signal at the ref"
	lock=$REPO/.git/refs/heads/$branch.lock
	expect_eq "$STATUS" 143 "exit status after SIGTERM"
	[ ! -e "$lock" ] || fail "the ref lock was left behind"
	[ "$(git rev-parse HEAD)" != "$before" ] || fail "the branch was not updated"
	git add --dry-run -A >/dev/null || fail "git add fails after SIGTERM"
	sss list --all >/dev/null
	git show HEAD:tickets/2026/11/"$id".md | grep -q "signal at the ref" ||
		fail "the commit lacks the entry"
}

test_list_with_stdout_closed_keeps_cache_valid() {
	setup_repo
	sss new usage-inquiry --event q >/dev/null
	sss new usage-inquiry --event r >/dev/null
	rm -f .git/sss-cache
	sss list >/dev/null
	cp .git/sss-cache "$TMPDIR_T/cache.want"
	rm -f .git/sss-cache
	set +e
	sss list >&-
	rc=$?
	set -e
	expect_eq "$rc" 0 "exit status of list >&-"
	# a cache like the one list writes normally (its header holds times)
	expect_eq "$(head -c 8 .git/sss-cache)" SSSCACHE "cache magic"
	expect_eq "$(wc -c <.git/sss-cache)" "$(wc -c <"$TMPDIR_T/cache.want")" "cache size"
	expect_status 0 sss list
	cp "$OUT" "$TMPDIR_T/list.cached"
	rm -f .git/sss-cache
	expect_status 0 sss list
	diff -u "$OUT" "$TMPDIR_T/list.cached" >&2 || fail "list differs with that cache"
}

test_stdin_closed_edit_still_runs() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	printf '#!/bin/sh\nsed -i "s/^priority: normal/priority: high/" "$1"\n' >"$TMPDIR_T/ed"
	chmod +x "$TMPDIR_T/ed"
	EDITOR="$TMPDIR_T/ed" expect_status 0 sss edit "$id" <&-
	expect_contains "priority: high" "tickets/2026/11/$id.md"
}

run_tests "$@"
