#!/bin/sh
# The guards of issue 11: no commit in the middle of a merge, rebase,
# cherry-pick, revert or bisect or on a detached HEAD; time zones and
# --now checked; due's run bounded.
. "$(dirname "$0")/lib.sh"

g() { git -c user.name=x -c user.email=x@y "$@"; }

# memo TEXT: a commit of a file that is no ticket (git's own merge, not
# sssctl's merge driver, takes it: two texts conflict)
memo() {
	echo "$1" >memo.txt
	g add memo.txt
	g commit -qm "memo: $1"
}

# a ticket changed on two branches, and a file beside the tickets changed
# on both in ways that conflict (the ticket itself merges with sssctl's
# driver): $ID, $OTHER
two_branches() {
	setup_repo
	ID=$(sss new usage-inquiry --event q)
	MAIN=$(git symbolic-ref --short HEAD)
	git branch other
	sss comment "$ID" -m "on $MAIN" >/dev/null
	memo "on $MAIN"
	git checkout -q other
	sss comment "$ID" -m "on other" >/dev/null
	memo "on other"
	git checkout -q "$MAIN"
	OTHER=other
}

# every writer refuses with pattern $1 and changes nothing; reads work
writers_refuse() {
	before=$(git rev-parse HEAD)
	expect_error 1 "$1" sss comment "$ID" -m note
	expect_error 1 "$1" sss set "$ID" priority=high
	expect_error 1 "$1" sss new usage-inquiry --event q2
	expect_error 1 "$1" sss close "$ID"
	expect_status 1 sss due --now 2027-03-01
	grep -Eq -- "$1" "$ERR" || fail "due: $(cat "$ERR")"
	expect_eq "$(git rev-parse HEAD)" "$before" "HEAD"
	expect_status 0 sss list
	expect_status 0 sss show "$ID"
}

test_merge_in_progress_refuses_writers() {
	two_branches
	if g merge -q "$OTHER" >/dev/null 2>&1; then
		fail "the merge did not conflict"
	fi
	[ -f .git/MERGE_HEAD ] || fail "no MERGE_HEAD"
	writers_refuse "a merge is in progress \(MERGE_HEAD\): finish it with 'git merge --continue' or 'git merge --abort', then run sssctl again"
	g merge --abort
	expect_status 0 sss comment "$ID" -m after
}

test_merge_without_conflict_still_refuses() {
	two_branches
	g merge -q --no-commit --no-ff "$OTHER" >/dev/null 2>&1 || true
	[ -f .git/MERGE_HEAD ] || fail "no MERGE_HEAD"
	expect_error 1 "a merge is in progress" sss comment "$ID" -m note
	g merge --abort
}

test_rebase_stopped_on_conflict_refuses_writers() {
	two_branches
	if g rebase -q "$OTHER" >/dev/null 2>&1; then
		fail "the rebase did not stop"
	fi
	writers_refuse "a rebase is in progress \(rebase-merge\): finish it with 'git rebase --continue' or 'git rebase --abort'"
	g rebase --abort
	expect_eq "$(git symbolic-ref --short HEAD)" "$MAIN" "branch"
	expect_status 0 sss comment "$ID" -m after
}

test_cherry_pick_in_progress_refuses() {
	two_branches
	if g cherry-pick "$OTHER" >/dev/null 2>&1; then
		fail "the cherry-pick did not stop"
	fi
	expect_error 1 "a cherry-pick is in progress \(CHERRY_PICK_HEAD\): finish it with 'git cherry-pick --continue' or 'git cherry-pick --abort'" \
		sss comment "$ID" -m note
	g cherry-pick --abort
}

test_revert_in_progress_refuses() {
	setup_repo
	ID=$(sss new usage-inquiry --event q)
	memo one
	first=$(git rev-parse HEAD)
	memo two
	if g revert --no-edit "$first" >/dev/null 2>&1; then
		fail "the revert did not stop"
	fi
	expect_error 1 "a revert is in progress \(REVERT_HEAD\): finish it with 'git revert --continue' or 'git revert --abort'" \
		sss comment "$ID" -m note
	g revert --abort
}

test_bisect_in_progress_refuses() {
	setup_repo
	ID=$(sss new usage-inquiry --event q)
	git bisect start >/dev/null 2>&1
	expect_error 1 "a bisect is in progress \(BISECT_LOG\): finish it with 'git bisect reset'" \
		sss comment "$ID" -m note
	git bisect reset >/dev/null 2>&1
	expect_status 0 sss comment "$ID" -m after
}

test_detached_head_refuses_writers() {
	setup_repo
	ID=$(sss new usage-inquiry --event q)
	MAIN=$(git symbolic-ref --short HEAD)
	git checkout -q --detach
	writers_refuse "HEAD is detached: check out a branch \('git switch main'\), then run sssctl again"
	git checkout -q "$MAIN"
	expect_status 0 sss comment "$ID" -m after
}

test_unknown_time_zone_is_refused_with_file_and_line() {
	setup_repo
	sed -i 's|^timezone: .*|timezone: Asia/Tokio|' .sss/config.yml
	expect_error 1 "^sssctl: error: '.sss/config.yml' line 5: unknown time zone 'Asia/Tokio'$" \
		sss list
	expect_error 1 "unknown time zone 'Asia/Tokio'" sss new usage-inquiry --event q
	expect_eq "$(commits)" 1 "commits"
	git checkout -q -- .sss/config.yml
}

test_now_outside_the_calendar_is_a_usage_error() {
	setup_repo
	for now in 1969-12-31 1979-12-31 2100-01-01; do
		expect_error 2 "^sssctl: error: --now '$now' is outside the calendar's range \(1980-01-01 to 2099-12-31\)$" \
			sss new --now "$now" usage-inquiry --event q
		expect_error 2 "--now '$now' is outside" env SSS_NOW="$now" "$SSSCTL" due
	done
	expect_eq "$(commits)" 1 "commits"
	[ -z "$(ls tickets)" ] || fail "a ticket was filed: $(ls -R tickets)"
	expect_status 0 sss new --now 2099-12-31 usage-inquiry --event q
	expect_contains "9912-" "$OUT"
}

test_dates_outside_the_calendar_are_refused_with_file_and_line() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_error 1 "invalid due '2100-01-01' \(expected a date from 1980-01-01 to 2099-12-31\)" \
		sss set "$id" due=2100-01-01
	sed -i 's/^status: open/status: open\ndue: 2100-01-01/' "tickets/2026/11/$id.md"
	expect_status 1 sss check
	expect_contains "'tickets/2026/11/$id.md' line " "$ERR"
	expect_contains "invalid due '2100-01-01'" "$ERR"
	git checkout -q -- tickets
	sed -i 's/^contract_start: .*/contract_start: 1979-04-01/' .sss/config.yml
	expect_error 1 "'.sss/config.yml' line 7: 'contract_start' must be a date from 1980-01-01 to 2099-12-31, not '1979-04-01'" \
		sss list
	git checkout -q -- .sss/config.yml
}

run_tests "$@"
