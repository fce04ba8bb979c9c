#!/bin/sh
# sssctl report: the service figures (SLA達成率, 問合せ回答時間遵守率,
# effort planned against actual, reopen rate, first-contact resolution,
# recurrences per problem) of the fixed scenario of kpi-scenario.sh,
# number by number in JSON, Markdown and HTML; the same figures for a
# past period whatever was done after it; the weekly report; a
# repository with nothing to count.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kpi-scenario.sh"

# json_eq FILE EXPR WANT: the Python expression over d (the JSON) prints WANT.
json_eq() {
	got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2], {"d": d}), ensure_ascii=False))' "$1" "$2") ||
		fail "cannot evaluate $2"
	expect_eq "$got" "$3" "$2"
}

# section FILE N: the Markdown section "## N. ..." of FILE, to the next one.
section() {
	awk -v n="## $2. " 'index($0, "## ") == 1 { on = index($0, n) == 1 } on' "$1"
}

# sorted_ids ID...: the IDs in byte order, ", " between them.
sorted_ids() {
	printf '%s\n' "$@" | LC_ALL=C sort | paste -sd, - | sed 's/,/, /g'
}

NOW_DEC=2026-12-01T08:00:00+09:00

test_monthly_json_service() {
	make_scenario
	expect_status 0 sss --now $NOW_DEC report monthly --period 2026-11 --format json -o -
	j=$TMPDIR_T/r.json
	cp "$OUT" "$j"
	json_eq "$j" 'd["service"]["sla"]["response"]' '{"done": 4, "met": 2, "missed": 2, "breached": 1, "rate": 0.5}'
	json_eq "$j" 'd["service"]["sla"]["resolve"]' '{"done": 4, "met": 3, "missed": 1, "breached": 2, "rate": 0.75}'
	json_eq "$j" 'd["service"]["sla"]["rate"]' 0.625
	json_eq "$j" 'd["service"]["sla"]["inquiries"]' '{"done": 2, "met": 1, "missed": 1, "breached": 1, "rate": 0.5}'
	json_eq "$j" 'd["service"]["sla"]["by_kind"]' \
		'{"request": {"response": {"done": 2, "met": 1, "missed": 1, "breached": 1, "rate": 0.5}, "resolve": {"done": 2, "met": 2, "missed": 0, "breached": 2, "rate": 1.0}}, "incident": {"response": {"done": 2, "met": 1, "missed": 1, "breached": 0, "rate": 0.5}, "resolve": {"done": 2, "met": 1, "missed": 1, "breached": 0, "rate": 0.5}}}'
	json_eq "$j" 'sorted([m["id"], m["target"], m["state"]] for m in d["service"]["sla"]["misses"])' \
		"$(python3 -c 'import json,sys; print(json.dumps(sorted([[sys.argv[1], "response", "missed"], [sys.argv[2], "response", "breached"], [sys.argv[2], "resolve", "breached"], [sys.argv[3], "resolve", "breached"], [sys.argv[4], "response", "missed"], [sys.argv[4], "resolve", "missed"]])))' "$R2" "$R3" "$R4" "$I2")"
	# R3's response: 4 office hours from Tuesday 16:00 (75 min) end on
	# Wednesday 11:15; its resolve (2 days = 1050 min) on Thursday 16:00
	json_eq "$j" '[m["due"] for m in d["service"]["sla"]["misses"] if m["id"] == "'"$R3"'"]' \
		'["2026-11-25T11:15:00+09:00", "2026-11-26T16:00:00+09:00"]'
	json_eq "$j" 'd["service"]["reopen"]' "{\"finished\": 4, \"reopened\": 1, \"rate\": 0.25, \"tickets\": [\"$I1\"]}"
	json_eq "$j" 'd["service"]["first_contact"]' '{"closed": 4, "resolved_first": 2, "rate": 0.5}'
	json_eq "$j" 'd["service"]["recurrences"]' \
		"[{\"id\": \"$P1\", \"status\": \"open\", \"total\": 3, \"in_period\": 2, \"incidents\": \"$(sorted_ids "$I1" "$I2" "$I3")\"}]"
	json_eq "$j" 'd["service"]["effort_items"]' \
		'[{"key": "usage-inquiry", "tickets": 3, "planned_min": 420, "actual_min": 240, "total_min": 300}, {"key": "incident-software", "tickets": 2, "planned_min": 240, "actual_min": 210, "total_min": 210}]'
	json_eq "$j" 'd["service"]["effort_people"]' \
		'[{"name": "佐藤", "tickets": 1, "planned_min": 120, "actual_min": 150}, {"name": "田中", "tickets": 1, "planned_min": 240, "actual_min": 30}, {"name": "鈴木", "tickets": 1, "planned_min": 0, "actual_min": 180}, {"name": "髙橋", "tickets": 2, "planned_min": 300, "actual_min": 90}]'
}

# The Markdown rows of the scenario's figures (monthly, sections 10-13).
expect_markdown_rows() {
	f=$1
	section "$f" 10 >"$TMPDIR_T/s10"
	for row in \
		'| SLA達成率（応答・解決の計） | 62.5% |' \
		'| 応答 達成率（達成／判定） | 50.0%（2／4） |' \
		'| 解決 達成率（達成／判定） | 75.0%（3／4） |' \
		'| 問合せ回答時間遵守率（期限内回答／問合せ） | 50.0%（1／2） |' \
		'| 集計基準日時点の目標超過中（応答／解決） | 1／2 |' \
		'| 要求実現（問合せ） | 応答 | 2 | 1 | 1 | 1 | 50.0% |' \
		'| 要求実現（問合せ） | 解決 | 2 | 2 | 0 | 2 | 100.0% |' \
		'| インシデント | 応答 | 2 | 1 | 1 | 0 | 50.0% |' \
		'| インシデント | 解決 | 2 | 1 | 1 | 0 | 50.0% |' \
		"| 要求実現（問合せ） | 応答 | 2026-11-25 11:15 |" \
		"| 要求実現（問合せ） | 解決 | 2026-11-26 16:00 |" \
		"SLA達成率 = 達成 ÷ 判定 × 100"; do
		expect_contains "$row" "$TMPDIR_T/s10"
	done
	[ "$(grep -c "^| $R3 |" "$TMPDIR_T/s10")" = 2 ] || fail "R3 is not listed twice (response, resolve)"
	grep -q "^| $R2 | .*①.* | 応答 | .* | 未達 |" "$TMPDIR_T/s10" || fail "R2's missed response not listed"
	! grep -q "^| $R1 |" "$TMPDIR_T/s10" || fail "R1 met its targets but is listed"
	section "$f" 11 >"$TMPDIR_T/s11"
	for row in \
		'| 3 | 7.0 | 4.0 | 5.0 | 71.4% |' \
		'| 2 | 4.0 | 3.5 | 3.5 | 87.5% |' \
		'| | **合計** | | **5** | **11.0** | **7.5** | **8.5** | **77.3%** |' \
		'| 佐藤 | 1 | 2.0 | 2.5 |' '| 田中 | 1 | 4.0 | 0.5 |' \
		'| 鈴木 | 1 | 0.0 | 3.0 |' '| 髙橋 | 2 | 5.0 | 1.5 |' \
		'消化率 = 累計実績 ÷ 予定 × 100'; do
		expect_contains "$row" "$TMPDIR_T/s11"
	done
	section "$f" 12 >"$TMPDIR_T/s12"
	for row in \
		'| 解決・完了したチケット | 4 |' '| 再オープンしたチケット | 1 |' \
		'| 再オープン率 | 25.0% |' '| 完了した問合せ・インシデント | 4 |' \
		'| うち一次解決 | 2 |' '| 一次解決率 | 50.0% |' \
		"| $I1 |" '再オープン率 = '; do
		expect_contains "$row" "$TMPDIR_T/s12"
	done
	section "$f" 13 >"$TMPDIR_T/s13"
	expect_contains "| $P1 |" "$TMPDIR_T/s13"
	expect_contains "| 未着手 | 3 | 2 | $(sorted_ids "$I1" "$I2" "$I3") |" "$TMPDIR_T/s13"
	expect_contains '再発件数は、' "$TMPDIR_T/s13"
}

test_monthly_markdown_service() {
	make_scenario
	expect_status 0 sss --now $NOW_DEC report monthly --period 2026-11 --format md -o -
	cp "$OUT" "$TMPDIR_T/r.md"
	expect_markdown_rows "$TMPDIR_T/r.md"
}

test_monthly_html_service() {
	make_scenario
	expect_status 0 sss --now $NOW_DEC report monthly --period 2026-11 --format html -o -
	h=$TMPDIR_T/r.html
	cp "$OUT" "$h"
	# each figure in a table cell of its own
	for cell in '62.5%' '50.0%（2／4）' '75.0%（3／4）' '50.0%（1／2）' '25.0%' \
		'71.4%' '87.5%' '<strong>77.3%</strong>' '<strong>11.0</strong>' '2026-11-25 11:15'; do
		grep -qE ">$cell</td>" "$h" || fail "no cell '$cell' in the HTML"
	done
	grep -q '<h2>10. サービスレベル（SLA）</h2>' "$h" || fail "no SLA heading"
	grep -q '<td>髙橋</td>' "$h" || fail "no 髙橋 row"
	python3 - "$h" "$I1" <<'PY' || fail "HTML rows"
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
rows = [re.findall(r'<td[^>]*>(.*?)</td>', r) for r in re.findall(r'<tr>(.*?)</tr>', h, re.S)]
def has(*cells):
    return any(r[:len(cells)] == list(cells) for r in rows)
assert has('一次解決率', '50.0%'), 'FCR row'
assert has('再オープンしたチケット', '1'), 'reopen row'
assert has('インシデント', '解決', '2', '1', '1', '0', '50.0%'), 'incident resolve row'
assert has('佐藤', '1', '2.0', '2.5'), 'person row'
PY
}

test_past_period_same_after_later_work() {
	make_scenario
	sss --now $NOW_DEC report monthly --period 2026-11 --format json -o "$TMPDIR_T/before.json" >/dev/null ||
		fail "report before"
	sss --now $NOW_DEC report monthly --period 2026-11 --format md -o "$TMPDIR_T/before.md" >/dev/null ||
		fail "report before"
	make_later
	sss --now 2026-12-10T09:00:00+09:00 report monthly --period 2026-11 --format json -o "$TMPDIR_T/after.json" >/dev/null ||
		fail "report after"
	sss --now 2026-12-10T09:00:00+09:00 report monthly --period 2026-11 --format md -o "$TMPDIR_T/after.md" >/dev/null ||
		fail "report after"
	python3 - "$TMPDIR_T/before.json" "$TMPDIR_T/after.json" <<'PY' || fail "the service figures changed"
import json, sys
a, b = (json.load(open(p))["service"] for p in sys.argv[1:])
if a != b:
    print(json.dumps(a, ensure_ascii=False), file=sys.stderr)
    print(json.dumps(b, ensure_ascii=False), file=sys.stderr)
    sys.exit(1)
PY
	for n in 10 11 12 13; do
		section "$TMPDIR_T/before.md" $n >"$TMPDIR_T/b$n"
		section "$TMPDIR_T/after.md" $n >"$TMPDIR_T/a$n"
		diff -u "$TMPDIR_T/b$n" "$TMPDIR_T/a$n" >&2 || fail "section $n changed"
	done
	expect_markdown_rows "$TMPDIR_T/after.md"
	# and December's report sees the later work
	expect_status 0 sss --now 2026-12-10T09:00:00+09:00 report monthly --period 2026-12 --format json -o -
	cp "$OUT" "$TMPDIR_T/dec.json"
	j=$TMPDIR_T/dec.json
	json_eq "$j" 'd["service"]["reopen"]' "{\"finished\": 2, \"reopened\": 1, \"rate\": 0.5, \"tickets\": [\"$I2\"]}"
	json_eq "$j" '[[r["id"], r["total"], r["in_period"]] for r in d["service"]["recurrences"]]' "[[\"$P1\", 4, 1]]"
	json_eq "$j" '{e["key"]: [e["actual_min"], e["total_min"]] for e in d["service"]["effort_items"]}' \
		'{"usage-inquiry": [180, 300], "incident-software": [180, 240]}'
	# R3 answered late on 12-01; I4 not answered by the 10th
	json_eq "$j" 'd["service"]["sla"]["response"]' '{"done": 1, "met": 0, "missed": 1, "breached": 1, "rate": 0.0}'
}

test_weekly_service() {
	make_scenario
	# week 48 (11-23..11-29): R3 opened, nothing stopped a clock
	expect_status 0 sss --now 2026-12-01T08:00:00+09:00 report weekly --period 2026-W48 --format json -o -
	j=$TMPDIR_T/w.json
	cp "$OUT" "$j"
	json_eq "$j" 'd["service"]["sla"]["response"]' '{"done": 0, "met": 0, "missed": 0, "breached": 1, "rate": null}'
	json_eq "$j" 'd["service"]["sla"]["resolve"]' '{"done": 0, "met": 0, "missed": 0, "breached": 2, "rate": null}'
	json_eq "$j" 'd["service"]["reopen"]' '{"finished": 0, "reopened": 0, "rate": null, "tickets": []}'
	# R4 was open all week: its estimate, nothing spent in the week, 2h by its end
	json_eq "$j" 'd["service"]["effort_items"]' '[{"key": "usage-inquiry", "tickets": 1, "planned_min": 120, "actual_min": 0, "total_min": 120}]'
	expect_status 0 sss --now 2026-12-01T08:00:00+09:00 report weekly --period 2026-W48 --format md -o -
	cp "$OUT" "$TMPDIR_T/w.md"
	section "$TMPDIR_T/w.md" 10 >"$TMPDIR_T/s10"
	expect_contains '| SLA達成率（応答・解決の計） | - |' "$TMPDIR_T/s10"
	expect_contains '| 集計基準日時点の目標超過中（応答／解決） | 1／2 |' "$TMPDIR_T/s10"
	# a kind with a breach but nothing stopped has a row, and no rate
	expect_contains '| 要求実現（問合せ） | 解決 | 0 | 0 | 0 | 2 | - |' "$TMPDIR_T/s10"
}

test_nothing_to_count() {
	setup_repo 2026-11-01
	expect_status 0 sss --now $NOW_DEC report monthly --period 2026-11 --format json -o -
	cp "$OUT" "$TMPDIR_T/e.json"
	j=$TMPDIR_T/e.json
	json_eq "$j" 'd["service"]["sla"]["rate"]' null
	json_eq "$j" 'd["service"]["first_contact"]' '{"closed": 0, "resolved_first": 0, "rate": null}'
	json_eq "$j" '[d["service"]["effort_items"], d["service"]["effort_people"], d["service"]["recurrences"]]' '[[], [], []]'
	expect_status 0 sss --now $NOW_DEC report monthly --period 2026-11 --format md -o -
	for text in '対象期間に見積りや作業時間のあるチケットはありません。' \
		'対象期間に判定したサービスレベル目標はありません。' \
		'対象期間に関わる問題管理（恒久対応）はありません。' '| 一次解決率 | - |'; do
		expect_contains "$text" "$OUT"
	done
}

run_tests "$@"
