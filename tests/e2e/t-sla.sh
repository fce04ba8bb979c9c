#!/bin/sh
# service levels: the targets init writes, show's figures, list's JSON and
# --sla, due's breached and at-risk tickets, and config errors. Office hours
# 08:30-17:15; 2026-11-26 is a Thursday.
. "$(dirname "$0")/lib.sh"

# an urgent incident made on Thursday 09:00 (response 1h, resolve 4h)
new_incident() {
	SSS_NOW=2026-11-26T09:00:00+09:00 sss new incident-software --software ApexOne \
		--event "$1" --priority urgent | tail -n 1
}

# the sla member of ticket $1 in list's JSON, as "STATE USED DUE / STATE USED DUE"
sla_of() {
	sss list --all --format json >"$TMPDIR_T/list.json" || fail "list failed"
	python3 - "$TMPDIR_T/list.json" "$1" <<'PY'
import json, sys
for t in json.load(open(sys.argv[1])):
    if t["id"] == sys.argv[2]:
        s = t.get("sla")
        if s is None:
            print("none")
        else:
            print(" / ".join("%s %d %s" % (s[k]["state"], s[k]["used_min"], s[k]["due"])
                             if k in s else "-" for k in ("response", "resolve")))
PY
}

test_init_writes_the_sow_targets() {
	setup_repo
	expect_contains 'office_hours:' .sss/config.yml
	expect_contains 'high:   { response: 1h, resolve: 1d }' .sss/config.yml
	expect_contains '# 障害' .sss/config.yml
	expect_contains 'default: { response: 4h, resolve: 2d }' .sss/config.yml
}

test_list_json_states_over_a_day() {
	setup_repo
	id=$(new_incident "𠮷野サーバ停止")
	expect_eq "$(SSS_NOW=2026-11-26T09:30:00+09:00 sla_of "$id")" \
		"ok 30 2026-11-26T10:00:00+09:00 / ok 30 2026-11-26T13:00:00+09:00"
	expect_eq "$(SSS_NOW=2026-11-26T09:50:00+09:00 sla_of "$id")" \
		"at-risk 50 2026-11-26T10:00:00+09:00 / ok 50 2026-11-26T13:00:00+09:00"
	expect_eq "$(SSS_NOW=2026-11-26T10:05:00+09:00 sla_of "$id")" \
		"breached 65 2026-11-26T10:00:00+09:00 / ok 65 2026-11-26T13:00:00+09:00"
	SSS_NOW=2026-11-26T10:20:00+09:00 sss comment "$id" -m "一次連絡 (髙橋様へ電話)" >/dev/null
	expect_eq "$(SSS_NOW=2026-11-26T12:10:00+09:00 sla_of "$id")" \
		"missed 80 2026-11-26T10:00:00+09:00 / at-risk 190 2026-11-26T13:00:00+09:00"
	# the night does not count: Friday 08:40 is still 4h15m, one minute
	# after the opening
	expect_eq "$(SSS_NOW=2026-11-27T08:40:00+09:00 sla_of "$id")" \
		"missed 80 2026-11-26T10:00:00+09:00 / breached 505 2026-11-26T13:00:00+09:00"
	SSS_NOW=2026-11-27T09:00:00+09:00 sss close "$id" --force --resolution 復旧 >/dev/null
	expect_eq "$(SSS_NOW=2026-11-30T09:00:00+09:00 sla_of "$id")" \
		"missed 80 2026-11-26T10:00:00+09:00 / missed 525 2026-11-26T13:00:00+09:00"
}

test_no_target_no_figures() {
	setup_repo
	id=$(SSS_NOW=2026-11-26T09:00:00+09:00 sss new planning-process --event 基盤更改 | tail -n 1)
	expect_eq "$(sla_of "$id")" "none"
	expect_status 0 sss show "$id"
	if grep -q 'サービスレベル' "$OUT"; then fail "figures without a target"; fi
}

test_waiting_pauses() {
	setup_repo
	id=$(SSS_NOW=2026-11-26T09:00:00+09:00 sss new usage-inquiry --event "①の使い方" | tail -n 1)
	SSS_NOW=2026-11-26T10:00:00+09:00 sss set "$id" status=waiting >/dev/null
	out=$(SSS_NOW=2026-11-27T16:00:00+09:00 sla_of "$id")
	case "$out" in
	*"/ paused 60 "*) ;;
	*) fail "not paused while waiting: $out" ;;
	esac
	expect_status 0 sss list --sla paused --format tsv
	expect_contains "$id" "$OUT"
}

test_show_prints_the_figures() {
	setup_repo
	id=$(new_incident 停止)
	SSS_NOW=2026-11-26T09:20:00+09:00 sss comment "$id" -m 調査開始 >/dev/null
	SSS_NOW=2026-11-26T12:10:00+09:00 expect_status 0 sss show "$id"
	expect_contains "サービスレベル (業務時間):" "$OUT"
	expect_contains "  応答期限 2026-11-26 10:00  達成 (met)  使用 20m / 1h" "$OUT"
	expect_contains "  解決期限 2026-11-26 13:00  期限間近 (at-risk)  使用 3h10m / 4h" "$OUT"
	SSS_NOW=2026-11-26T12:10:00+09:00 expect_status 0 sss show --format json "$id"
	python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["sla"]; assert s["resolve"]["state"]=="at-risk", s; assert s["response"]["used_min"]==20, s' "$OUT" ||
		fail "bad sla in show's JSON"
}

test_list_sla_filter() {
	setup_repo
	a=$(new_incident 停止A)
	b=$(SSS_NOW=2026-11-26T11:00:00+09:00 sss new incident-software --software ApexOne \
		--event 停止B --priority urgent | tail -n 1)
	SSS_NOW=2026-11-26T09:10:00+09:00 sss comment "$a" -m 対応中 >/dev/null
	SSS_NOW=2026-11-26T11:20:00+09:00 sss comment "$b" -m 対応中 >/dev/null
	export SSS_NOW=2026-11-26T14:10:00+09:00
	expect_status 0 sss list --sla breached --format tsv
	expect_eq "$(cut -f1 "$OUT")" "$a"
	expect_status 0 sss list --sla at-risk,breached --format tsv
	expect_eq "$(cut -f1 "$OUT" | sort | tr '\n' ' ')" "$(printf '%s\n' "$a" "$b" | sort | tr '\n' ' ')"
	expect_status 0 sss list --sla met --format tsv
	expect_eq "$(cut -f1 "$OUT" | sort | tr '\n' ' ')" "$(printf '%s\n' "$a" "$b" | sort | tr '\n' ' ')"
	expect_status 0 sss list --sla missed
	expect_eq "$(cat "$OUT")" ""
	expect_error 2 "unknown service-level state 'late' in --sla \\(use ok, at-risk" sss list --sla late
}

test_due_lists_breached_and_at_risk() {
	setup_repo
	a=$(new_incident "停止 (髙橋PC)")
	b=$(SSS_NOW=2026-11-26T11:00:00+09:00 sss new incident-software --software ApexOne \
		--event 停止B --priority urgent | tail -n 1)
	SSS_NOW=2026-11-26T11:20:00+09:00 sss comment "$b" -m 対応中 >/dev/null
	SSS_NOW=2026-11-26T14:10:00+09:00 expect_status 0 sss due
	expect_contains "service level breached:" "$OUT"
	grep -Eq "^  2026-11-26 10:00  $a +open +urgent +- +応答期限 超過  インシデント \\(ApexOne：停止 \\(髙橋PC\\)\\)\$" "$OUT" ||
		fail "breached row: $(grep "$a" "$OUT")"
	expect_contains "service level at risk (75% of the target used):" "$OUT"
	grep -Eq "^  2026-11-26 15:00  $b +open +urgent +- +解決期限 期限間近  インシデント \\(ApexOne：停止B\\)\$" "$OUT" ||
		fail "at-risk row: $(grep "$b" "$OUT")"
	# breached comes before at-risk, both before the due-soon list
	expect_eq "$(grep -n '^service level\|^due within' "$OUT" | cut -d: -f2 | tr '\n' '|')" \
		"service level breached|service level at risk (75% of the target used)|due within 5 business days|"
}

test_config_errors_name_file_and_line() {
	setup_repo
	cp .sss/config.yml "$TMPDIR_T/config.yml"
	sed 's/  end: "17:15"/  end: "07:00"/' "$TMPDIR_T/config.yml" >.sss/config.yml
	expect_error 1 "'.sss/config.yml' line [0-9]+: office_hours end must come after start" sss list
	sed 's/urgent: { response: 1h, resolve: 4h }/urgent: { response: 1h, resolve: 4時間 }/' \
		"$TMPDIR_T/config.yml" >.sss/config.yml
	expect_error 1 "'.sss/config.yml' line [0-9]+: 'resolve' must be a business-time duration such as 4h, 30m, 1h30m or 2d, not '4時間'" sss list
	sed 's/^  request: /  requests: /' "$TMPDIR_T/config.yml" >.sss/config.yml
	expect_error 1 "'.sss/config.yml' line [0-9]+: unknown kind 'requests' in sla" sss list
	cp "$TMPDIR_T/config.yml" .sss/config.yml
	expect_status 0 sss list
}

run_tests "$@"
