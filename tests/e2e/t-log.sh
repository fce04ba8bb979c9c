#!/bin/sh
# sssctl log
. "$(dirname "$0")/lib.sh"

test_log_shows_field_changes() {
	setup_repo
	id=$(sss --now 2026-11-26T09:00:00+09:00 new usage-inquiry --event q)
	sss --now 2026-11-26T09:30:00+09:00 set "$id" status=in-progress assignee=田中
	sss --now 2026-11-26T10:00:00+09:00 comment --author "佐藤 <sato@example.com>" "$id" -m メモ
	sss --now 2026-11-26T11:00:00+09:00 close --force "$id"
	expect_status 0 sss log "$id"
	sed 's/  [0-9a-f]\{7\}  /  COMMIT  /' "$OUT" >"$TMPDIR_T/log"
	cat >"$TMPDIR_T/want" <<EOT
2026-11-26 11:00 +09:00  COMMIT  テスト太郎 <taro@example.com>  $id  close
    status: in-progress → closed
    closed:  → 2026-11-26T11:00:00+09:00
2026-11-26 10:00 +09:00  COMMIT  佐藤 <sato@example.com>  $id  comment
    body:  → changed
2026-11-26 09:30 +09:00  COMMIT  テスト太郎 <taro@example.com>  $id  set
    status: open → in-progress
    assignee:  → 田中
2026-11-26 09:00 +09:00  COMMIT  テスト太郎 <taro@example.com>  $id  new
    created: 利用方法、仕様などの問合せ (q)
EOT
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/log" >&2 || fail "log differs"
}

test_log_tsv_and_whole_repo() {
	setup_repo
	a=$(sss --now 2026-11-26T09:00:00+09:00 new usage-inquiry --event a)
	b=$(sss --now 2026-11-26T09:10:00+09:00 new usage-inquiry --event b)
	sss set "$a" priority=high
	expect_status 0 sss log --format tsv
	expect_eq "$(wc -l <"$OUT")" 3 lines
	expect_eq "$(head -n 1 "$OUT" | cut -f3,4,6-8)" "$a	set	priority	normal	high" first
	expect_status 0 sss log -n 1
	expect_eq "$(grep -c '^2026' "$OUT")" 1 "-n 1"
	: "$b"
}

test_log_sees_plain_git_commits() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	sed -i 's/^priority: normal/priority: low/' "tickets/2026/11/$id.md"
	git -c user.name=手作業 -c user.email=h@example.com commit -qam "hand edit"
	expect_status 0 sss log "$id"
	expect_contains "手作業 <h@example.com>  $id  git" "$OUT"
	expect_contains "priority: normal → low" "$OUT"
}

run_tests "$@"
