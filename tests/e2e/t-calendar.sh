#!/bin/sh
# sssctl calendar
. "$(dirname "$0")/lib.sh"

test_calendar_2026_outside_a_repository() {
	expect_status 0 sss calendar 2026
	expect_out "2026-01-01	元日
2026-01-02	年末年始休業
2026-01-03	年末年始休業
2026-01-12	成人の日
2026-02-11	建国記念の日
2026-02-23	天皇誕生日
2026-03-20	春分の日
2026-04-29	昭和の日
2026-05-03	憲法記念日
2026-05-04	みどりの日
2026-05-05	こどもの日
2026-05-06	休日
2026-07-20	海の日
2026-08-11	山の日
2026-09-21	敬老の日
2026-09-22	休日
2026-09-23	秋分の日
2026-10-12	スポーツの日
2026-11-03	文化の日
2026-11-23	勤労感謝の日
2026-12-29	年末年始休業
2026-12-30	年末年始休業
2026-12-31	年末年始休業"
}

test_calendar_known_substitute_days() {
	expect_status 0 sss calendar 2025
	expect_contains "2025-02-24	休日" "$OUT"
	expect_contains "2025-05-06	休日" "$OUT"
	expect_contains "2025-11-24	休日" "$OUT"
	expect_status 0 sss calendar 2027
	expect_contains "2027-03-21	春分の日" "$OUT"
	expect_contains "2027-03-22	休日" "$OUT"
}

test_calendar_uses_repo_closures() {
	setup_repo
	sed -i 's/^  closures: \[\].*/  closures: [2026-08-14, {date: 2026-08-13, name: 夏季休業}]/' .sss/config.yml
	git -c user.name=x -c user.email=x@y commit -qam closures
	expect_status 0 sss calendar 2026
	expect_contains "2026-08-13	夏季休業" "$OUT"
	expect_contains "2026-08-14	休業日" "$OUT"
	expect_status 0 sss calendar --business-days 2026-08-10 2026-08-14
	expect_out 2
}

test_calendar_business_days() {
	expect_status 0 sss calendar --business-days 2026-12-25 2027-01-06
	expect_out 5
	# Golden Week 2026: 5/4-5/6 are holidays, 5/2-5/3 a weekend
	expect_status 0 sss calendar --business-days 2026-05-01 2026-05-08
	expect_out 3
}

test_calendar_bad_arguments() {
	expect_error 2 "2026-02-30" sss calendar --business-days 2026-02-30 2026-03-01
	expect_error 1 "1979" sss calendar 1979
	expect_error 2 "abc" sss calendar abc
}

run_tests "$@"
