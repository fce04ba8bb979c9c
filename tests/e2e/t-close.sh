#!/bin/sh
# sssctl close (reopen: t-reopen.sh)
. "$(dirname "$0")/lib.sh"

test_close_refuses_open_checklist() {
	setup_repo
	id=$(sss new incident-software --software ApexOne --event 失敗)
	expect_error 1 "open checklist item" sss close "$id"
	expect_contains "status: open" "tickets/2026/11/$id.md"
	expect_eq "$(commits)" 2 commits
}

test_close_after_ticking_items() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	f=tickets/2026/11/$id.md
	sed -i 's/- \[ \]/- [x]/' "$f"
	git commit -qam "tick" --author "x <x@y>" 2>/dev/null ||
		git -c user.name=x -c user.email=x@y commit -qam tick
	expect_status 0 sss --now 2026-11-27T09:00:00+09:00 close "$id" --resolution "手順を案内した。"
	expect_contains "status: closed" "$f"
	expect_contains "closed: 2026-11-27T09:00:00+09:00" "$f"
	sed -n '/^## 対応結果/,$p' "$f" >"$TMPDIR_T/res"
	expect_contains "手順を案内した。" "$TMPDIR_T/res"
	expect_error 1 "already closed" sss close "$id"
}

test_close_force_with_problem_links_both_ways() {
	setup_repo
	id=$(sss new incident-software --software ApexOne --event 定義ファイル更新失敗 --assignee 田中)
	expect_status 0 sss close "$id" --force --problem
	pid=$(cat "$OUT")
	pf=$(find tickets -name "$pid.md")
	expect_contains "title: 恒久対応 (定義ファイル更新失敗)" "$pf"
	expect_contains "sow: problem-software" "$pf"
	expect_contains "kind: problem" "$pf"
	expect_contains "rel: incident" "$pf"
	expect_contains "id: $id" "$pf"
	expect_contains "rel: problem" "tickets/2026/11/$id.md"
	expect_contains "    id: $pid" "tickets/2026/11/$id.md"
	expect_eq "$(commits)" 4 commits
	git log --format=%s -2 >"$TMPDIR_T/s"
	expect_contains "$id: close" "$TMPDIR_T/s"
	expect_contains "$pid: new 恒久対応" "$TMPDIR_T/s"
	expect_status 0 sss check
}

test_close_problem_for_human_error() {
	setup_repo
	id=$(sss new password-reset --software O365)
	expect_status 0 sss close "$id" --force --problem
	expect_contains "sow: problem-human-error" "$(find tickets -name "$(cat "$OUT").md")"
}

test_close_problem_only_for_incidents() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_error 2 "incident" sss close "$id" --force --problem
	expect_eq "$(commits)" 2 commits
}

run_tests "$@"
