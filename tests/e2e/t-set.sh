#!/bin/sh
# sssctl set
. "$(dirname "$0")/lib.sh"

test_set_fields() {
	setup_repo
	id=$(sss new usage-inquiry --event 質問)
	expect_status 0 sss set "$id" status=in-progress assignee=田中 priority=urgent \
		due=2026-12-24 tags=Teams,至急 param.事象=録画の保存先
	f=tickets/2026/11/$id.md
	expect_contains "status: in-progress" "$f"
	expect_contains "assignee: 田中" "$f"
	expect_contains "priority: urgent" "$f"
	expect_contains "due: 2026-12-24" "$f"
	expect_contains "tags: [Teams, 至急]" "$f"
	expect_contains "  事象: 録画の保存先" "$f"
	expect_eq "$(commits)" 3 commits
	expect_eq "$(git log -1 --format=%s)" "$id: set 利用方法、仕様などの問合せ (質問)" subject
}

test_set_clears_optional_field() {
	setup_repo
	id=$(sss new usage-inquiry --event q --assignee 田中)
	expect_status 0 sss set "$id" assignee=
	if grep -q '^assignee:' "tickets/2026/11/$id.md"; then fail "assignee kept"; fi
}

test_set_rejects_bad_values_atomically() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	expect_error 1 "status" sss set "$id" assignee=田中 status=done
	expect_error 1 "due" sss set "$id" due=tomorrow
	expect_error 2 "kept by sssctl" sss set "$id" created=2020-01-01T00:00:00+09:00
	expect_error 2 "kept by sssctl" sss set "$id" id=2611-AAAAAA
	expect_error 2 "unknown field 'colour'" sss set "$id" colour=red
	expect_error 2 "sssctl close" sss set "$id" status=closed
	expect_error 2 "FIELD=VALUE" sss set "$id" assignee
	expect_error 1 "title" sss set "$id" title=
	expect_eq "$(git rev-parse HEAD)" "$before" "HEAD moved"
	if grep -q '田中' "tickets/2026/11/$id.md"; then fail "partial change written"; fi
}

test_set_cancelled_records_time() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_status 0 sss --now 2026-11-27T15:00:00+09:00 set "$id" status=cancelled
	expect_contains "closed: 2026-11-27T15:00:00+09:00" "tickets/2026/11/$id.md"
}

test_set_refuses_uncommitted_edit() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	echo "手で追記" >>"tickets/2026/11/$id.md"
	expect_error 1 "not committed" sss set "$id" assignee=田中
	expect_contains "手で追記" "tickets/2026/11/$id.md"
	git checkout -q -- "tickets/2026/11/$id.md"
}

# the Japanese labels the reports print are taken as input, in both forms
test_set_japanese_labels() {
	setup_repo
	id=$(sss new usage-inquiry --event 録画 --priority 緊急)
	f=tickets/2026/11/$id.md
	expect_contains "priority: urgent" "$f"
	expect_status 0 sss set "$id" status=対応中 priority=高 kind=障害
	expect_contains "status: in-progress" "$f"
	expect_contains "priority: high" "$f"
	expect_contains "kind: incident" "$f"
	expect_contains "状態 未着手 → 対応中" "$f"
	expect_status 0 sss set "$id" status=保留 kind=問合せ priority=低
	expect_contains "status: waiting" "$f"
	expect_contains "kind: request" "$f"
	expect_contains "priority: low" "$f"
	expect_error 1 "priority" sss set "$id" priority=最高
	expect_error 1 "status" sss set "$id" status=高
	expect_error 2 "sssctl close" sss set "$id" status=完了
	expect_status 0 sss list --status 保留 --priority 低 --kind 要求実現（問合せ）
	expect_contains "$id" "$OUT"
	expect_status 0 sss list --priority 高
	[ ! -s "$OUT" ] || fail "list --priority 高 listed $(cat "$OUT")"
	expect_error 2 "unknown priority '最高'.*低, 中, 高, 緊急" sss list --priority 最高
}

# options after the operands, as everywhere; -- ends them
test_set_options_after_operands() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_status 0 sss set "$id" status=in-progress --author "髙橋 <t@example.com>" assignee=髙橋
	expect_eq "$(git log -1 --format='%an')" "髙橋" author
	expect_contains "assignee: 髙橋" "tickets/2026/11/$id.md"
	expect_status 0 sss set -- "$id" title=-𠮷野家の件-
	expect_contains "title: \"-𠮷野家の件-\"" "tickets/2026/11/$id.md"
	expect_error 2 "'--author' is not FIELD=VALUE|FIELD=VALUE" sss set "$id" assignee=x -- --author
}

# a finished ticket changes its status through reopen, which says why
test_set_status_of_closed_refused() {
	setup_repo
	for how in closed cancelled; do
		id=$(sss new usage-inquiry --event "$how")
		if [ $how = closed ]; then sss close --force "$id" >/dev/null
		else sss set "$id" status=cancelled; fi
		before=$(git rev-parse HEAD)
		expect_error 2 "'$id' is $how; reopen it first with 'sssctl reopen $id'" \
			sss set "$id" status=waiting
		expect_error 2 "reopen" sss set "$id" assignee=田中 status=対応中
		expect_eq "$(git rev-parse HEAD)" "$before" "HEAD moved"
		expect_contains "status: $how" "tickets/2026/11/$id.md"
		# other fields may still be corrected
		expect_status 0 sss set "$id" assignee=田中
	done
}

# a due date in the past is kept, with one line of warning
test_set_past_due_warns() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_status 0 sss set "$id" due=2026-11-01
	expect_contains "due: 2026-11-01" "tickets/2026/11/$id.md"
	expect_eq "$(cat "$ERR")" "sssctl: warning: due 2026-11-01 is in the past (today is 2026-11-26); it is kept" warning
	expect_status 0 sss set "$id" due=2026-11-26
	[ ! -s "$ERR" ] || fail "today warned: $(cat "$ERR")"
	expect_status 0 sss set "$id" assignee=田中
	[ ! -s "$ERR" ] || fail "unrelated set warned: $(cat "$ERR")"
	expect_status 0 sss new usage-inquiry --event p --due 2026-10-31
	expect_eq "$(grep -c warning "$ERR")" 1 "new --due warning"
	expect_contains "--due 2026-10-31 is in the past" "$ERR"
}

run_tests "$@"
