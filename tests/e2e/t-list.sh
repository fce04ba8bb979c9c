#!/bin/sh
# sssctl list
. "$(dirname "$0")/lib.sh"

fixture() {
	setup_repo
	A=$(sss --now 2026-11-26T09:00:00+09:00 new incident-software --software ApexOne --event 失敗 --assignee 田中 --due 2026-11-20)
	B=$(sss --now 2026-11-26T09:10:00+09:00 new user-registration --user 山田 --software M365 --assignee 佐藤 --due 2026-12-01)
	C=$(sss --now 2026-11-26T09:20:00+09:00 new usage-inquiry --event 質問 --assignee 田中)
	sss set "$B" status=waiting
	sss close --force "$C" >/dev/null
}

test_list_default_hides_closed() {
	fixture
	expect_status 0 sss list --format tsv
	expect_out "$A	open	normal	2026-11-20	田中	incident-software	インシデント (ApexOne：失敗)
$B	waiting	normal	2026-12-01	佐藤	user-registration	ユーザ登録申請 (山田：M365)"
}

test_list_all_and_filters() {
	fixture
	expect_status 0 sss list --all --format tsv
	expect_eq "$(wc -l <"$OUT")" 3 "all"
	expect_status 0 sss list --assignee 田中 --all --format tsv
	expect_eq "$(cut -f1 "$OUT" | tr '\n' ' ')" "$A $C " "assignee"
	expect_status 0 sss list --status open,waiting --format tsv
	expect_eq "$(wc -l <"$OUT")" 2 "status"
	expect_status 0 sss list --status closed --format tsv
	expect_eq "$(cut -f1 "$OUT")" "$C" "closed"
	expect_status 0 sss list --kind request --format tsv
	expect_eq "$(cut -f1 "$OUT" | tr '\n' ' ')" "$B " "kind"
	expect_status 0 sss list --sow incident-software --format tsv
	expect_eq "$(cut -f1 "$OUT")" "$A" "sow"
	expect_status 0 sss list --overdue --format tsv
	expect_eq "$(cut -f1 "$OUT")" "$A" "overdue"
	expect_status 0 sss --now 2026-12-02 list --overdue --format tsv
	expect_eq "$(cut -f1 "$OUT" | tr '\n' ' ')" "$A $B " "overdue later"
}

test_list_json_holds_every_key() {
	fixture
	expect_status 0 sss list --all --format json
	python3 - "$OUT" "$A" <<'PY' || fail "bad JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 3
a = [t for t in d if t["id"] == sys.argv[2]][0]
for k in ("id", "title", "sow", "kind", "status", "priority", "assignee",
          "created", "updated", "due", "params"):
    assert k in a, k
assert a["params"]["事象"] == "失敗"
PY
}

test_list_bad_filter_values() {
	fixture
	expect_error 2 "unknown status 'done'" sss list --status done
	expect_error 2 "unknown kind" sss list --kind x
	expect_error 2 "unknown format" sss list --format xml
}

test_list_skips_and_reports_broken_ticket() {
	fixture
	mkdir -p tickets/2026/10
	printf -- '---\nid: 2610-AAAAAA\ntitle: [broken\n---\n' >tickets/2026/10/2610-AAAAAA.md
	expect_status 1 sss list --format tsv
	expect_contains "tickets/2026/10/2610-AAAAAA.md" "$ERR"
	expect_eq "$(wc -l <"$OUT")" 2 "others still listed"
	rm -rf tickets/2026/10
}

test_list_into_closed_pipe_is_quiet() {
	fixture
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		sss new usage-inquiry --event "q$i" >/dev/null
	done
	sss list 2>"$TMPDIR_T/pipe-err" | head -n 1 >/dev/null
	[ ! -s "$TMPDIR_T/pipe-err" ] || fail "list | head complained: $(cat "$TMPDIR_T/pipe-err")"
}

test_list_table_aligns_japanese() {
	fixture
	expect_status 0 sss list
	# piped: no header, nothing cut; two spaces between columns, by width
	# (each column at least as wide as its heading, header or not)
	expect_out "$A  open     normal    2026-11-20  田中      インシデント (ApexOne：失敗)
$B  waiting  normal    2026-12-01  佐藤      ユーザ登録申請 (山田：M365)"
}

run_tests "$@"
