#!/bin/sh
# sssctl check
. "$(dirname "$0")/lib.sh"

test_check_clean_repo() {
	setup_repo
	sss new usage-inquiry --event q >/dev/null
	expect_status 0 sss check
	expect_out "checked 1 ticket: 0 problems"
}

test_check_reports_each_problem_with_file_and_line() {
	setup_repo
	sss new usage-inquiry --event q >/dev/null
	mkdir -p tickets/2026/10
	printf -- '---\nid: 2610-AAAAAA\ntitle: x\nstatus: nope\ncreated: 2026-10-01T00:00:00+09:00\n---\n' \
		>tickets/2026/10/2610-AAAAAA.md
	printf -- '---\nid: 2610-BBBBBB\ntitle: x\nstatus: open\ncreated: 2026-10-01T00:00:00+09:00\n---\n' \
		>tickets/2026/10/2610-CCCCCC.md
	printf -- '---\nid: 2610-DDDDDD\ntitle: \202\240\nstatus: open\ncreated: 2026-10-01T00:00:00+09:00\n---\n' \
		>tickets/2026/10/2610-DDDDDD.md
	expect_status 1 sss check
	expect_contains "'tickets/2026/10/2610-AAAAAA.md' line 4" "$ERR"
	expect_contains "2610-CCCCCC.md': id '2610-BBBBBB' belongs in" "$ERR"
	expect_contains "'tickets/2026/10/2610-DDDDDD.md' line 3" "$ERR"
	expect_out "checked 4 tickets: 3 problems"
	rm -rf tickets/2026/10
}

test_check_catalog_error_names_file_and_line() {
	setup_repo
	printf 'entries:\n  - key: Bad Key\n' >sow/zz-extra.yml
	expect_status 1 sss check
	expect_contains "sow/zz-extra.yml" "$ERR"
	rm sow/zz-extra.yml
}

test_check_config_error_names_line() {
	setup_repo
	cp .sss/config.yml "$TMPDIR_T/cfg"
	sed -i 's/^fiscal_year_start: 4/fiscal_year_start: 13/' .sss/config.yml
	expect_error 1 "'.sss/config.yml' line [0-9]+: 'fiscal_year_start'" sss check
	cp "$TMPDIR_T/cfg" .sss/config.yml
}

test_check_as_pre_commit_hook() {
	setup_repo
	printf '#!/bin/sh\nexec "%s" check -q\n' "$SSSCTL" >.git/hooks/pre-commit
	chmod +x .git/hooks/pre-commit
	id=$(sss new usage-inquiry --event q)
	sed -i 's/^status: open/status: ???/' "tickets/2026/11/$id.md"
	if git -c user.name=x -c user.email=x@y commit -qam broken 2>/dev/null; then
		fail "hook let a broken ticket in"
	fi
	git checkout -q -- .
}

# issue 11: an unresolved merge is reported wherever its markers are
test_check_reports_conflict_markers() {
	setup_repo
	a=$(sss new usage-inquiry --event a)
	b=$(sss new usage-inquiry --event b)
	c=$(sss new usage-inquiry --event c)
	printf '<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> other\n' >>"tickets/2026/11/$a.md"
	sed -i 's/^status: open/<<<<<<< HEAD\nstatus: open\n=======\nstatus: closed\n>>>>>>> other/' \
		"tickets/2026/11/$b.md"
	# a setext heading of more '=' is no marker
	printf 'Heading\n==========\n' >>"tickets/2026/11/$c.md"
	expect_status 1 sss check
	la=$(grep -n '^<<<<<<<' "tickets/2026/11/$a.md" | cut -d: -f1)
	lb=$(grep -n '^<<<<<<<' "tickets/2026/11/$b.md" | cut -d: -f1)
	expect_contains "sssctl: error: 'tickets/2026/11/$a.md': merge conflict (git conflict markers at line $la): resolve it and commit the file" "$ERR"
	expect_contains "sssctl: error: 'tickets/2026/11/$b.md': merge conflict (git conflict markers at line $lb)" "$ERR"
	expect_eq "$(wc -l <"$ERR")" 2 "problem lines"
	expect_out "checked 3 tickets: 2 problems"
	# a second check, from the scan cache, says the same
	expect_status 1 sss check
	expect_eq "$(wc -l <"$ERR")" 2 "problem lines, cached"
	git checkout -q -- tickets
}

# issue 11: a ticket whose id names another ticket
test_check_reports_id_naming_another_ticket() {
	setup_repo
	a=$(sss new usage-inquiry --event a)
	b=$(sss new usage-inquiry --event b)
	sed -i "s/^id: $a/id: $b/" "tickets/2026/11/$a.md"
	expect_status 1 sss check
	expect_contains "'tickets/2026/11/$a.md': id '$b' belongs in 'tickets/2026/11/$b.md'" "$ERR"
	expect_out "checked 2 tickets: 1 problem"
	git checkout -q -- tickets
}

run_tests "$@"
