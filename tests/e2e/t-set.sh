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

run_tests "$@"
