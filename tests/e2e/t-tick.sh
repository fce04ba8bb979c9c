#!/bin/sh
# sssctl tick: a checklist item ticked or unticked without an editor
. "$(dirname "$0")/lib.sh"

# an incident's checklist: 原因調査、内容整理, 一次対応, 報告, ベンダー問合せ,
# 恒久対応が必要な場合は問題管理を起票
new_incident() {
	sss new incident-software --software ApexOne --event "$1" | tail -n 1
}

test_tick_by_number_commits_and_logs() {
	setup_repo
	id=$(new_incident 定義ファイル更新失敗)
	f=tickets/2026/11/$id.md
	n=$(commits)
	expect_status 0 sss tick "$id" 2
	expect_out "[x] 2 一次対応 (4 open)"
	expect_contains "- [x] 一次対応" "$f"
	expect_contains "- [ ] 原因調査、内容整理" "$f"
	expect_contains "- 2026-11-26 10:00 テスト太郎: チェック済 一次対応" "$f"
	expect_eq "$(commits)" $((n + 1)) commits
	expect_eq "$(git log -1 --format=%s)" "$id: tick インシデント (ApexOne：定義ファイル更新失敗)" subject
	git log -1 --format=%B | grep -qx "Sss-Action: tick" || fail "no Sss-Action: tick trailer"
	# only the one character and the work log changed
	git diff HEAD~1 --numstat -- "$f" | grep -qE '^2[[:space:]]1[[:space:]]' ||
		fail "more changed than the mark and the entry: $(git diff HEAD~1 --stat)"
	# show numbers the items as tick takes them
	expect_status 0 sss show "$id"
	expect_contains "チェックリスト (sssctl tick $id N):" "$OUT"
	expect_contains "  2 [x] 一次対応" "$OUT"
	expect_contains "  5 [ ] 恒久対応が必要な場合は問題管理を起票" "$OUT"
}

test_tick_by_text_prefix_substring_and_ambiguity() {
	setup_repo
	id=$(new_incident x)
	f=tickets/2026/11/$id.md
	expect_status 0 sss tick "$id" ベンダー
	expect_contains "- [x] ベンダー問合せ" "$f"
	expect_status 0 sss tick "$id" 問題管理
	expect_contains "- [x] 恒久対応が必要な場合は問題管理を起票" "$f"
	before=$(git rev-parse HEAD)
	# 一次対応 is the one open item holding 対応 now
	expect_status 0 sss tick "$id" 対応
	expect_contains "- [x] 一次対応" "$f"
	# both ticked: --undo must choose, and cannot
	expect_error 2 "'対応' matches 2 checklist items of '$id': 2 '一次対応', 5 '恒久対応が必要な場合は問題管理を起票'" \
		sss tick "$id" 対応 --undo
	expect_error 1 "no checklist item of '$id' matches '𠮷'" sss tick "$id" 𠮷
	expect_eq "$(git rev-parse HEAD~1)" "$before" "ambiguity committed"
}

test_tick_already_and_undo() {
	setup_repo
	id=$(new_incident x)
	f=tickets/2026/11/$id.md
	sss tick "$id" 1 >/dev/null
	before=$(git rev-parse HEAD)
	expect_status 0 sss tick "$id" 1
	expect_out "item 1 of $id is already ticked: 原因調査、内容整理"
	expect_eq "$(git rev-parse HEAD)" "$before" "a commit for nothing"
	expect_status 0 sss tick --undo "$id" 原因
	expect_out "[ ] 1 原因調査、内容整理 (5 open)"
	expect_contains "- [ ] 原因調査、内容整理" "$f"
	expect_contains "チェック解除 原因調査、内容整理" "$f"
	expect_status 0 sss tick "$id" 1 --undo
	expect_out "item 1 of $id is already open: 原因調査、内容整理"
}

test_tick_all_then_close_without_force() {
	setup_repo
	id=$(new_incident x)
	for i in 1 2 3 4 5; do sss tick "$id" $i --author "髙橋 <t@example.com>" >/dev/null; done
	expect_eq "$(git log -1 --format=%an)" "髙橋" author
	expect_status 0 sss close "$id" --resolution 復旧
	expect_contains "status: closed" "tickets/2026/11/$id.md"
}

test_tick_bad_input() {
	setup_repo
	id=$(new_incident x)
	before=$(git rev-parse HEAD)
	expect_error 2 "has 5 checklist items; there is no item 6" sss tick "$id" 6
	expect_error 2 "there is no item 0" sss tick "$id" 0
	expect_error 2 "give a ticket ID" sss tick "$id"
	expect_error 2 "empty" sss tick "$id" ""
	expect_error 1 "no ticket '2611-ZZZZZZ'" sss tick 2611-ZZZZZZ 1
	expect_error 2 "unknown option" sss tick "$id" 1 --undone
	# a ticket with no checklist (a fenced one does not count)
	id2=$(sss new usage-inquiry --event q)
	g=tickets/2026/11/$id2.md
	python3 - "$g" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = re.sub(r"## チェックリスト\n(.*?)\n\n", "## チェックリスト\n```\n- [ ] 例\n```\n\n", s, flags=re.S)
open(p, "w", encoding="utf-8").write(s)
PY
	git -c user.name=t -c user.email=t@example.com commit -qam "hand edit"
	expect_error 1 "'$id2' has no checklist items" sss tick "$id2" 1
	expect_eq "$(git rev-parse HEAD~2)" "$before" "a bad tick committed"
	echo "手で追記" >>"tickets/2026/11/$id.md"
	expect_error 1 "not committed" sss tick "$id" 1
	expect_contains "手で追記" "tickets/2026/11/$id.md"
	git checkout -q -- "tickets/2026/11/$id.md"
}

run_tests "$@"
