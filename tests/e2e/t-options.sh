#!/bin/sh
# Options in any position, for every command (GNU permutation, as
# getopt_long does): an option after an operand is an option; "--" ends
# the options, and a word after it is an operand even when it begins
# with "-". The commands are taken from `sssctl -h`, so a new command is
# covered as soon as it is in the command table.
. "$(dirname "$0")/lib.sh"
# clone and sync open a remote: libgit2 1.5 leaks PCRE2 match data in its
# config lookups (see the file)
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$TESTS_ROOT/tests/e2e/lsan-libgit2.supp:print_suppressions=0"
export LSAN_OPTIONS

commands() {
	"$SSSCTL" -h | awk '/^commands:$/ { on = 1; next } on && NF { print $1 }'
}

# every command: --help after an operand is still --help (with the
# sub-command of the commands that have several forms)
test_help_after_an_operand_for_every_command() {
	setup_repo
	n=0
	for c in $(commands); do
		case $c in
		sow) set -- sow show usage-inquiry ;;
		report) set -- report monthly 2026-11 ;;
		*) set -- "$c" 2611-ZZ ;;
		esac
		expect_status 0 sss "$@" --help
		grep -q "^usage: sssctl $c" "$OUT" || fail "$*: --help not taken: $(cat "$OUT" "$ERR")"
		# and after "--" it is an operand: never the usage on stdout
		set +e
		sss "$@" -- --help >"$OUT" 2>"$ERR"
		set -e
		if grep -q "^usage: sssctl $c" "$OUT"; then fail "$* -- --help printed the usage"; fi
		n=$((n + 1))
	done
	[ "$n" -ge 20 ] || fail "only $n commands"
}

# every command: one of its own options after its operands takes effect
test_each_command_option_after_operand() {
	setup_repo
	a="髙橋 <t@example.com>"
	expect_status 0 sss init "$TMPDIR_T/r2" --contract-start 2026-05-01
	expect_contains "contract_start: 2026-05-01" "$TMPDIR_T/r2/.sss/config.yml"
	expect_status 0 sss clone "$REPO" "$TMPDIR_T/c2" --quiet
	[ -f "$TMPDIR_T/c2/.sss/config.yml" ] || fail "clone URL DIR --quiet made no clone"
	expect_status 0 sss sow show usage-inquiry --format json
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" || fail "sow show --format json"
	expect_status 0 sss new usage-inquiry --event 𠮷野家 --priority 高
	id=$(cat "$OUT")
	f=tickets/2026/11/$id.md
	expect_contains "priority: high" "$f"
	expect_status 0 sss show "$id" --format json
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" || fail "show --format json"
	expect_status 0 sss list --format tsv
	expect_contains "$id" "$OUT"
	expect_status 0 sss set "$id" status=対応中 --author "$a"
	expect_eq "$(git log -1 --format=%an)" 髙橋 "set --author"
	expect_status 0 sss comment "$id" -m "①電話で受付" --author "$a" --spent 10m
	expect_eq "$(git log -1 --format=%an%s)" "髙橋$id: comment 利用方法、仕様などの問合せ (𠮷野家)" "comment"
	expect_contains "[作業時間 10m]: ①電話で受付" "$f"
	expect_status 0 sss tick "$id" 1 --author "$a"
	expect_eq "$(git log -1 --format=%an)" 髙橋 "tick --author"
	expect_status 0 sss close "$id" --resolution "全角　スペース" --author "$a"
	expect_contains "全角　スペース" "$f"
	expect_status 0 sss reopen "$id" --author "$a"
	expect_eq "$(git log -1 --format=%an)" 髙橋 "reopen --author"
	printf '#!/bin/sh\nsed -i "s/^priority: high/priority: low/" "$1"\n' >"$TMPDIR_T/ed"
	chmod +x "$TMPDIR_T/ed"
	EDITOR="$TMPDIR_T/ed" expect_status 0 sss edit "$id" --author "$a"
	expect_contains "priority: low" "$f"
	expect_status 0 sss log "$id" -n 1 --format tsv
	expect_eq "$(wc -l <"$OUT" | tr -d ' ')" 1 "log -n 1"
	expect_status 0 sss grep 𠮷野家 -l
	expect_out "$id"
	expect_status 0 sss calendar 2026-11-02 2026-11-06 --business-days
	expect_out 4 # 11/3 文化の日
	expect_status 0 sss report monthly --period 2026-11 -o - --format json
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" || fail "report --format json"
	expect_status 0 sss due --dry-run
	expect_status 0 sss check -q
	# no remote named origin: the option is taken, the remote is what fails
	expect_status 1 sss sync origin --dry-run
	if grep -q "unknown option" "$ERR"; then fail "sync: $(cat "$ERR")"; fi
	if sss -h | grep -q '^   minutes '; then
		expect_status 0 sss minutes "$id" -m "議題: 𠮷" --author "$a"
		expect_eq "$(git log -1 --format=%an)" 髙橋 "minutes --author"
	fi
}

# "--" ends the options: what follows is an operand, even "-x"
test_double_dash_ends_options() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_error 2 "'--author' is not FIELD=VALUE" sss set "$id" assignee=x -- --author
	expect_status 0 sss set -- "$id" "title=-髙橋-"
	expect_status 0 sss comment -m "-m は本文" -- "$id"
	expect_contains ": -m は本文" "tickets/2026/11/$id.md"
	expect_error 2 "unexpected argument '--dry-run'" sss due -- --dry-run
	expect_error 2 "not a ticket ID" sss show -- -rf
	expect_status 1 sss grep -- -𠮷
}

run_tests "$@"
