#!/bin/sh
# tests/bench/gen-repo: the benchmark's data repositories are valid
. "$(dirname "$0")/lib.sh"

GEN=$TESTS_ROOT/tests/bench/gen-repo
BENCH_NOW=2027-03-31T18:00:00+09:00

gen() {
	"$GEN" "$@" >"$OUT" 2>"$ERR" ||
		{ sed 's/^/#   /' "$ERR" >&2; fail "gen-repo $* failed"; }
}

test_genrepo_300_is_valid() {
	gen 300 repo
	cd repo
	REPO=$(pwd)
	expect_eq "$(commits)" 2 "commits (init, then one for every ticket)"
	expect_status 0 sss check
	expect_out "checked 300 tickets: 0 problems"
	git fsck --strict --no-progress >/dev/null 2>"$TMPDIR_T/fsck" ||
		{ cat "$TMPDIR_T/fsck" >&2; fail "git fsck --strict"; }
	expect_status 0 sss list --all --format tsv
	expect_eq "$(wc -l <"$OUT")" 300 "tickets listed"
	# a mix: hand-made and recurring, several statuses, kinds, Japanese titles
	expect_eq "$(cut -f1 "$OUT" | grep -c '^r-')" 24 "recurring tickets"
	expect_eq "$(cut -f1 "$OUT" | grep -Ec '^[0-9]{4}-[0-9A-HJKMNP-TV-Z]{6}$')" 276 "hand-made IDs"
	[ "$(cut -f2 "$OUT" | sort -u | wc -l)" -ge 5 ] || fail "too few statuses"
	[ "$(cut -f6 "$OUT" | sort -u | wc -l)" -ge 10 ] || fail "too few catalog keys"
	grep -q 'インシデント (' "$OUT" || fail "no Japanese incident titles"
	[ "$(ls tickets | wc -l)" = 11 ] || fail "not ten fiscal years: $(ls tickets | tr '\n' ' ')"
	# the benchmark's `due` has nothing to create
	expect_status 0 sss --now "$BENCH_NOW" due --dry-run
	[ ! -s "$OUT" ] || fail "due would create: $(cat "$OUT")"
	expect_status 0 sss --now "$BENCH_NOW" grep 'ApexOne'
	[ -s "$OUT" ] || fail "grep found nothing"
}

test_genrepo_same_seed_same_tree() {
	gen 120 a 7
	gen 120 b 7
	ta=$(git -C a rev-parse 'HEAD^{tree}')
	expect_eq "$(git -C b rev-parse 'HEAD^{tree}')" "$ta" "tree of the same seed"
}

test_genrepo_refuses_bad_arguments() {
	expect_status 2 "$GEN" 10 small
	expect_status 2 "$GEN" many x
	mkdir taken
	expect_status 1 "$GEN" 100 taken
	expect_contains "exists" "$ERR"
	[ ! -e small ] || fail "made a repository for a refused N"
}

# The scans read ahead on a second thread (store.h): whatever the mode,
# the output is what one thread gives (SSS_THREADS=1), in order, with a
# broken ticket in the middle reported once and in its place, and a
# reader that stops early (head) is no trouble.
test_read_ahead_same_as_one_thread() {
	gen 300 repo
	cd repo
	REPO=$(pwd)
	bad=$(find tickets -name '*.md' | sort | sed -n 150p)
	printf 'not: [front matter\n' >"$bad"
	for args in "list --all --format tsv" "list --all --format json" \
		"list --status open" "check" "report monthly --format json -o -" \
		"report weekly -o -" "due --dry-run"; do
		for cache in 1 0 0; do # no cache; cold; warm
			# shellcheck disable=SC2086
			expect_same_run "SSS_THREADS=1 SSS_NO_CACHE=1" \
				"SSS_NO_CACHE=$cache" --now "$BENCH_NOW" $args
		done
	done
	expect_status 1 sss check
	expect_eq "$(grep -c "$bad" "$ERR")" 1 "the broken ticket reported once"
	# a reader that stops early (whether list meets the broken ticket
	# before it sees the closed pipe is timing: mend it first)
	git checkout -q -- "$bad"
	set +e
	"$SSSCTL" list --all --format tsv 2>"$TMPDIR_T/head.err" | head -3 >"$TMPDIR_T/head"
	set -e
	expect_eq "$(wc -l <"$TMPDIR_T/head")" 3 "list | head -3"
	[ ! -s "$TMPDIR_T/head.err" ] || fail "list | head: $(cat "$TMPDIR_T/head.err")"
}

run_tests
