#!/bin/sh
# sssctl sow
. "$(dirname "$0")/lib.sh"

test_sow_lists_every_entry() {
	setup_repo
	expect_status 0 sss sow
	expect_eq "$(wc -l <"$OUT")" 27 entries
	expect_contains "routine-check	月次	定例チェック ({年月})" "$OUT"
	expect_contains "weekly-meeting	週次	週次定例会 ({年月日})" "$OUT"
	expect_contains "incident-software	随時	インシデント ({ソフト名}：{事象})" "$OUT"
	expect_contains "windows-server-update	半期	WindowsServerUpdate ({年月})" "$OUT"
	expect_eq "$(cut -f2 "$OUT" | sort -u | tr '\n' ' ')" "半期 年次 月次 週次 随時 " frequencies
}

test_sow_show_entry() {
	setup_repo
	expect_status 0 sss sow show routine-check
	expect_contains "定例チェック ({年月})" "$OUT"
	expect_contains "WSUS" "$OUT"
	expect_contains "半期" "$OUT"
	expect_status 0 sss sow show version-up
	expect_contains "ApexOne" "$OUT"
	expect_contains "SKYSEA" "$OUT"
	expect_error 1 "unknown SOW key 'nope'" sss sow show nope
}

test_sow_summary_has_16_items() {
	setup_repo
	expect_status 0 sss sow summary --format json
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==16, len(d)' "$OUT" ||
		fail "summary is not 16 items"
}

test_sow_broken_catalog_names_file_and_line() {
	setup_repo
	printf 'entries:\n  - key: extra\n    title: "x ({年月})"\n    kind: routine\n    frequency: 毎日\n' >sow/zz.yml
	expect_error 1 "'sow/zz.yml' line 5: .*毎日" sss sow
	rm sow/zz.yml
}

test_sow_catalog_in_repo_is_used() {
	setup_repo
	cat >sow/zz.yml <<'EOT'
entries:
  - key: extra-check
    number: "99"
    category: 運用支援
    area: 稼働維持
    item: 定例作業
    kind: routine
    title: "追加チェック ({年月})"
    frequency: 月次
    steps:
      - 追加の確認
EOT
	git add sow/zz.yml
	git -c user.name=x -c user.email=x@y commit -qm "SOW revision"
	expect_status 0 sss sow
	expect_contains "extra-check	月次	追加チェック ({年月})" "$OUT"
	expect_status 0 sss new extra-check
	expect_contains "追加チェック (2026年11月)" "tickets/2026/11/$(cat "$OUT").md"
}

run_tests "$@"
