#!/bin/sh
# sssctl due: recurring tickets for fiscal year 2026 (2026-04-01..2027-03-31)
. "$(dirname "$0")/lib.sh"

# ticket files with their content hashes, for comparing repositories
snapshot() {
	(cd "$1" && find tickets -type f -name '*.md' | sort | xargs sha1sum)
}

count_sow() {
	sss list --all --format tsv | cut -f6 | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' '
}

FY2026="device-inventory=1 issue-management=12 it-roadmap=1 license-inventory=1 license-renewal=1 monthly-report=12 personnel-change=1 routine-check=12 sla-sow-review=1 stakeholder-inventory=1 version-up=2 weekly-meeting=53 windows-server-update=2 "

test_due_daily_equals_once_at_end() {
	setup_repo
	d=2026-04-01
	while [ "$d" != 2027-04-01 ]; do
		sss --now "$d" due --quiet || fail "due failed on $d"
		d=$(date -d "$d + 1 day" +%F)
	done
	daily=$(pwd)
	expect_eq "$(count_sow)" "$FY2026" "daily counts"
	cd ..
	"$SSSCTL" init --contract-start 2026-04-01 once >/dev/null
	cd once
	sss --now 2027-03-31 due --quiet
	expect_eq "$(count_sow)" "$FY2026" "one-run counts"
	snapshot "$daily" >"$TMPDIR_T/a"
	snapshot . >"$TMPDIR_T/b"
	diff -u "$TMPDIR_T/a" "$TMPDIR_T/b" >&2 || fail "daily and one-shot repositories differ"
	# a second pass creates nothing
	before=$(commits)
	expect_status 0 sss --now 2027-03-31 due
	expect_eq "$(commits)" "$before" "second pass commits"
	if grep -q '^created' "$OUT"; then fail "second pass created tickets"; fi
	(REPO=$(pwd) repo_ok)
	cd "$daily"
}

test_due_meetings_fall_on_business_days() {
	setup_repo
	sss --now 2027-03-31 due --quiet
	for f in tickets/*/*/r-weekly-meeting-*.md; do
		d=$(sed -n 's/^due: //p' "$f")
		sss calendar --business-days "$d" "$d" >"$TMPDIR_T/n"
		expect_eq "$(cat "$TMPDIR_T/n")" 1 "$f due $d is a business day"
	done
	# 2026-09-24 (Thu) is a business day; 2026-11-26 too; 2027-03-18 too
	expect_contains "title: 週次定例会 (2026年11月26日)" tickets/2026/11/r-weekly-meeting-2026-w48.md
	expect_contains "due: 2026-11-26" tickets/2026/11/r-weekly-meeting-2026-w48.md
}

test_due_titles_checklists_and_dates() {
	setup_repo
	sss --now 2027-03-31 due --quiet
	f=tickets/2026/11/r-routine-check-2026-11.md
	expect_contains "title: 定例チェック (2026年11月)" "$f"
	expect_contains "recurrence: routine-check@2026-11" "$f"
	expect_contains "created: 2026-11-01T00:00:00+09:00" "$f"
	expect_contains "due: 2026-11-30" "$f"
	expect_contains "WSUSサーバ" "$f"
	# the half-yearly WSUS step only in the half-year months (5 and 11)
	expect_eq "$(grep -l -- '- \[ \] Windows：WSUS' tickets/*/*/r-routine-check-*.md | wc -l)" 2 "WSUS months"
	grep -q -- '- \[ \] Windows：WSUS' tickets/2026/05/r-routine-check-2026-05.md || fail "no WSUS step in May"
	# 2026-10-31 is a Saturday: due moves back to Friday 10-30
	expect_contains "due: 2026-10-30" tickets/2026/10/r-routine-check-2026-10.md
	# December: 12/29-31 are the year-end closure
	expect_contains "due: 2026-12-28" tickets/2026/12/r-routine-check-2026-12.md
	f=tickets/2026/04/r-version-up-apexone-fy2026.md
	expect_contains "title: ソフトウェアバージョンアップ (ApexOne)" "$f"
	expect_contains "recurrence: version-up/ApexOne@FY2026" "$f"
	expect_contains "インストーラ再作成" "$f"
	expect_contains "title: ソフトウェアバージョンアップ (SKYSEA)" tickets/2026/04/r-version-up-skysea-fy2026.md
	expect_contains "title: 人事異動対応 (2027年3月)" tickets/2026/04/r-personnel-change-fy2026.md
	expect_contains "recurrence: windows-server-update@FY2026H2" tickets/2026/10/r-windows-server-update-fy2026h2.md
	expect_eq "$(git log -1 --format='%an')" "sssctl due" "bot author"
	expect_status 0 sss check
}

test_due_catches_up_missed_months_and_never_resurrects() {
	setup_repo
	sss --now 2026-08-01 due --quiet
	n=$(ls tickets/*/*/ | wc -l)
	sss close --force r-routine-check-2026-04 >/dev/null
	# three months of missed cron runs
	sss --now 2026-11-05 due --quiet
	[ -f tickets/2026/09/r-routine-check-2026-09.md ] || fail "September not caught up"
	[ -f tickets/2026/10/r-routine-check-2026-10.md ] || fail "October not caught up"
	[ -f tickets/2026/11/r-routine-check-2026-11.md ] || fail "November not caught up"
	expect_contains "status: closed" tickets/2026/04/r-routine-check-2026-04.md
	[ "$(ls tickets/*/*/ | wc -l)" -gt "$n" ] || fail "nothing caught up"
}

test_due_dry_run_writes_nothing() {
	setup_repo
	expect_status 0 sss --now 2026-05-10 due --dry-run
	expect_contains "would create r-routine-check-2026-05 定例チェック (2026年5月)" "$OUT"
	expect_eq "$(commits)" 1 commits
	[ ! -d tickets ] || fail "files written"
}

test_due_parallel_runs_create_once() {
	setup_repo
	sss --now 2026-12-01 due --quiet &
	sss --now 2026-12-01 due --quiet &
	sss --now 2026-12-01 due --quiet &
	wait
	n=$(find tickets -name '*.md' | wc -l)
	expect_eq "$(commits)" "$((n + 1))" "one commit per ticket"
	expect_eq "$(git log --format=%s | sort | uniq -d | wc -l)" 0 "duplicate commits"
	expect_status 0 sss check
}

test_due_lists_overdue_and_soon() {
	setup_repo
	sss --now 2026-11-01 due --quiet
	expect_status 0 sss --now 2026-11-26 due
	expect_contains "overdue:" "$OUT"
	expect_contains "r-routine-check-2026-10" "$OUT"
	expect_contains "due within 5 business days:" "$OUT"
	# list's columns: due, ID (padded to the widest), status, priority, assignee, title
	grep -Eq '^  2026-11-30  r-routine-check-2026-11 +open +normal +- +定例チェック \(2026年11月\)$' "$OUT" ||
		fail "soon-due row: $(grep routine-check-2026-11 "$OUT")"
	expect_status 0 sss --now 2026-11-26 due --quiet
	[ ! -s "$OUT" ] || fail "--quiet printed: $(cat "$OUT")"
}

test_due_listing_same_with_and_without_the_cache() {
	setup_repo
	sss --now 2026-11-01 due --quiet
	sss list >/dev/null # warms the cache
	sss close --force r-routine-check-2026-10 >/dev/null
	sed -i 's/^due: 2026-11-30/due: 2026-11-27/' tickets/2026/11/r-routine-check-2026-11.md
	git -c user.name=x -c user.email=x@y commit -qam "moved by hand"
	sss --now 2026-11-26 due --quiet
	for run in 1 2; do
		expect_status 0 sss --now 2026-11-26 due
		cp "$OUT" "$TMPDIR_T/cached"
		SSS_NO_CACHE=1 expect_status 0 sss --now 2026-11-26 due
		diff -u "$OUT" "$TMPDIR_T/cached" >&2 || fail "cache changed due's listing (run $run)"
	done
	grep -Eq '^  2026-11-27  r-routine-check-2026-11 ' "$OUT" || fail "moved due date not listed"
	if grep -q "r-routine-check-2026-10" "$OUT"; then fail "closed ticket listed"; fi
}

test_due_respects_contract_start_and_lead_days() {
	setup_repo 2026-10-15
	sed -i 's/^  lead_days: 0/  lead_days: 3/' .sss/config.yml
	git -c user.name=x -c user.email=x@y commit -qam "lead 3"
	sss --now 2026-11-28 due --quiet
	[ ! -e tickets/2026/09/r-routine-check-2026-09.md ] || fail "before the contract"
	[ -f tickets/2026/10/r-routine-check-2026-10.md ] || fail "October (contract month) missing"
	[ -f tickets/2026/12/r-routine-check-2026-12.md ] || fail "lead days not applied"
	expect_contains "created: 2026-11-28T00:00:00+09:00" tickets/2026/12/r-routine-check-2026-12.md
}

test_due_stops_at_a_lock_timeout() {
	setup_repo
	echo "lock_timeout_ms: 100" >>.sss/config.yml
	git -c user.name=x -c user.email=x@y commit -qam "short lock"
	# -o: the lock is flock's own, so killing flock frees it
	flock -o .git/sss.lock sleep 30 &
	holder=$!
	while flock -n .git/sss.lock true; do sleep 0.05; done
	expect_status 1 sss --now 2026-11-26 due --quiet
	kill "$holder"
	wait "$holder" 2>/dev/null || true
	expect_eq "$(wc -l <"$ERR")" 1 "error lines"
	expect_contains "another sssctl is writing" "$ERR"
	# the next run catches up
	expect_status 0 sss --now 2026-11-26 due --quiet
	[ -f tickets/2026/11/r-routine-check-2026-11.md ] || fail "not caught up"
}

# issue 11: a wrong clock or catalog cannot flood the repository; the
# rest comes on the next runs, and stderr says so (exit 0: nothing failed)
test_due_creates_at_most_max_per_run() {
	setup_repo
	sed -i 's/^  max_per_run: 500 /  max_per_run: 40  /' .sss/config.yml
	git -c user.name=x -c user.email=x@y commit -qam "40 a run"
	expect_status 0 sss --now 2027-03-31 due --quiet
	expect_eq "$(commits)" 42 "commits after one run"
	expect_eq "$(cat "$ERR")" "sssctl: created 40 tickets, the most one run makes (due.max_per_run); 60 more are due and come on the next run of 'sssctl due'" "stderr"
	expect_status 0 sss --now 2027-03-31 due --dry-run
	expect_eq "$(grep -c '^would create' "$OUT")" 40 "dry run"
	expect_contains "would create 40 tickets" "$ERR"
	expect_status 0 sss --now 2027-03-31 due --quiet
	expect_contains "20 more are due" "$ERR"
	expect_status 0 sss --now 2027-03-31 due --quiet
	expect_eq "$(cat "$ERR")" "" "stderr once caught up"
	expect_eq "$(count_sow)" "$FY2026" "counts once caught up"
}

test_due_default_max_per_run_is_500() {
	setup_repo
	expect_status 0 sss --now 2033-03-31 due --quiet
	expect_eq "$(commits)" 501 "commits"
	expect_contains "sssctl: created 500 tickets, the most one run makes (due.max_per_run);" "$ERR"
	expect_status 2 sss --now 2200-03-31 due --quiet
	expect_contains "--now '2200-03-31' is outside" "$ERR"
	expect_eq "$(commits)" 501 "commits"
}

run_tests "$@"
