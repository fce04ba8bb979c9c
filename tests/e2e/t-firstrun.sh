#!/bin/sh
# The first run: a repository made mid-year gets only the recurring
# tickets of the periods open on the day it was made; the past comes only
# when asked for (init --contract-start, or contract_start in the config),
# and due --dry-run says how many first.
. "$(dirname "$0")/lib.sh"

NOW=2026-12-01T09:00:00+09:00

test_init_mid_year_due_makes_only_open_periods() {
	SSS_NOW=$NOW expect_status 0 sss init repo
	expect_contains "contract_start: 2026-12-01: 'sssctl due' makes the recurring tickets of the periods open from today on" "$OUT"
	cd repo
	REPO=$(pwd)
	export SSS_NOW=$NOW
	expect_contains "contract_start: 2026-12-01" .sss/config.yml
	before=$(commits)
	expect_status 0 sss due --dry-run
	head -n 1 "$OUT" | grep -qE '^[0-9]+ new tickets?, for the periods from contract_start 2026-12-01 on:$' ||
		fail "no count first: $(head -n 1 "$OUT")"
	count=$(head -n 1 "$OUT" | cut -d' ' -f1)
	expect_eq "$(grep -c '^would create' "$OUT")" "$count" "the count"
	expect_eq "$(commits)" "$before" "dry run committed"
	[ "$count" -ge 1 ] && [ "$count" -le 10 ] || fail "$count tickets on the first run"
	expect_status 0 sss due
	expect_eq "$(grep -c '^created' "$OUT")" "$count" "created"
	expect_eq "$(commits)" $((before + count)) "one commit per ticket"
	# nothing back-dated, nothing overdue
	if grep -q '^overdue:' "$OUT"; then fail "overdue on the first run: $(cat "$OUT")"; fi
	for f in tickets/*/*/r-*.md; do
		id=$(basename "$f" .md)
		case $id in
		*-2026-w49 | *-2026-12 | *-fy2026h2 | *-fy2026) ;;
		*) fail "a ticket of a past period: $id" ;;
		esac
	done
	# the second run makes nothing
	expect_status 0 sss due --dry-run
	[ ! -s "$OUT" ] || fail "second run would create: $(cat "$OUT")"
}

test_contract_start_asks_for_the_past() {
	SSS_NOW=$NOW expect_status 0 sss init --contract-start 2026-04-01 repo
	if grep -q "periods open from today" "$OUT"; then fail "the first-run note for an explicit start"; fi
	cd repo
	REPO=$(pwd)
	export SSS_NOW=$NOW
	expect_status 0 sss due --dry-run
	n=$(head -n 1 "$OUT" | cut -d' ' -f1)
	expect_contains "$n new tickets, for the periods from contract_start 2026-04-01 on:" "$OUT"
	[ "$n" -gt 40 ] || fail "only $n tickets since April"
	expect_contains "would create r-weekly-meeting-2026-w14 " "$OUT"
	# the config key says the same to a repository made with the default
	cd ..
	SSS_NOW=$NOW sss init repo2 >/dev/null
	cd repo2
	REPO=$(pwd)
	sed -i 's/^contract_start: 2026-12-01/contract_start: 2026-04-01/' .sss/config.yml
	git -c user.name=x -c user.email=x@example.com commit -qam "契約開始日を4月に"
	expect_status 0 sss due --dry-run
	expect_contains "$n new tickets, for the periods from contract_start 2026-04-01 on:" "$OUT"
}

run_tests "$@"
