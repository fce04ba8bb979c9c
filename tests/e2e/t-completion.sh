#!/bin/sh
# The shell completion (completion/sssctl.bash, completion/_sssctl): the
# bash file sourced in bash, COMP_WORDS/COMP_CWORD set as bash sets them
# (split at '=' too), the completion function called, COMPREPLY checked;
# the zsh function the same way under zsh when zsh is installed.
. "$(dirname "$0")/lib.sh"

COMP=$TESTS_ROOT/completion

# the binary as `sssctl` on PATH, as a user has it
setup_path() {
	mkdir -p "$TMPDIR_T/bin"
	ln -sf "$SSSCTL" "$TMPDIR_T/bin/sssctl"
	PATH=$TMPDIR_T/bin:$PATH
	export PATH
}

# comp WORD...: COMPREPLY of the bash completion for the words (the last
# is the one being completed), sorted, one a line, into $OUT; stderr of
# the whole run into $ERR.
comp() {
	bash -c '
		. "$0"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_sssctl_bash
		printf "%s\n" "${COMPREPLY[@]}"
	' "$COMP/sssctl.bash" "$@" 2>"$ERR" | sed '/^$/d' | LC_ALL=C sort >"$OUT"
	[ ! -s "$ERR" ] || fail "completion of '$*' wrote to stderr: $(cat "$ERR")"
}

# expect_comp "WANT..." WORD...: the completion of WORD... is exactly WANT
# (space-separated, any order).
expect_comp() {
	want=$1
	shift
	comp "$@"
	: >"$OUT.want"
	[ -z "$want" ] || printf '%s\n' $want | LC_ALL=C sort >"$OUT.want"
	diff -u "$OUT.want" "$OUT" >&2 || fail "completion of '$*'"
}

# two hand-made tickets in two months, with Japanese titles
make_tickets() {
	setup_repo
	setup_path
	nov=$(sss new incident-software --software 𠮷野家 --event 髙橋さんの①ＰＣ \
		--now 2026-11-26T10:00:00+09:00)
	dec=$(sss new usage-inquiry --event "Ｔｅａｍｓの録画" --now 2026-12-01T09:00:00+09:00)
	[ -n "$nov" ] && [ -n "$dec" ] || fail "new printed no ID"
}

test_commands_from_the_table() {
	setup_path
	expect_comp "list" sssctl li
	expect_comp "clone close comment calendar check" sssctl c
	# every command of `sssctl -h`, and the hidden one not
	sss -h | awk '/^commands:$/ { on = 1; next } on && NF { print $1 }' |
		LC_ALL=C sort >"$TMPDIR_T/help"
	comp sssctl ""
	diff -u "$TMPDIR_T/help" "$OUT" >&2 || fail "commands differ from sssctl -h"
	expect_comp "--now" sssctl --n
}

test_options_from_the_option_table() {
	setup_path
	expect_comp "--title" sssctl new --ti
	expect_comp "--dry-run" sssctl due --d
	expect_comp "--status --kind --priority --sow --assignee --overdue --sla --all --format --sort --columns" sssctl list --
	# value sets the synopsis spells out, and the fixed sets
	expect_comp "table tsv json" sssctl list --format ""
	expect_comp "md html json pdf xlsx" sssctl report monthly --format ""
	expect_comp "high" sssctl new incident-software --priority h
	expect_comp "open in-progress waiting resolved closed cancelled" sssctl list --status ""
	expect_comp "in-progress" sssctl list --status "=" in
	expect_comp "--status=in-progress" sssctl list --status=in
	expect_comp "open,waiting" sssctl list --status open,w
	expect_comp "at-risk" sssctl list --sla at
	expect_comp "incident" sssctl list --kind inc
	# an option's value is not an operand: no ID after -n COUNT's value
	expect_comp "weekly monthly" sssctl report ""
}

test_catalog_keys_for_new() {
	setup_repo
	setup_path
	expect_comp "incident-software" sssctl new incident-s
	expect_comp "routine-check" sssctl sow show rou
	expect_comp "routine-check" sssctl list --sow rou
	# every key of the catalog
	sss sow | cut -f 1 | LC_ALL=C sort >"$TMPDIR_T/keys"
	comp sssctl new ""
	diff -u "$TMPDIR_T/keys" "$OUT" >&2 || fail "keys differ from sssctl sow"
	expect_comp "show summary" sssctl sow ""
}

test_fields_and_values_for_set() {
	make_tickets
	# the fields that `set -h` names
	sss set -h | sed -n 's/^ *fields: //p' | tr ' ' '\n' | sed 's/NAME$//; /\.$/!s/$/=/' |
		LC_ALL=C sort >"$TMPDIR_T/fields"
	[ -s "$TMPDIR_T/fields" ] || fail "no fields line in 'sssctl set -h'"
	comp sssctl set "$nov" ""
	diff -u "$TMPDIR_T/fields" "$OUT" >&2 || fail "fields differ from 'sssctl set -h'"
	expect_comp "status=" sssctl set "$nov" st
	# bash splits "status=in" at '=': the reply is the value alone
	expect_comp "in-progress" sssctl set "$nov" status "=" in
	expect_comp "open in-progress waiting resolved closed cancelled" \
		sssctl set "$nov" status "="
	# not split (COMP_WORDBREAKS without '='): the whole word
	expect_comp "priority=urgent" sssctl set "$nov" priority=u
	expect_comp "title=" sssctl set "$nov" status=open ti
	expect_comp "" sssctl set "$nov" title=𠮷
}

test_ids_by_prefix() {
	make_tickets
	expect_comp "$nov" sssctl show 2611
	expect_comp "$dec" sssctl comment 2612
	expect_comp "$nov $dec" sssctl close --resolution 対応済 ""
	expect_comp "$nov" sssctl log -n 5 "$(echo "$nov" | cut -c1-7)"
	# lower case is the same ID
	expect_comp "$nov" sssctl show "$(echo "$nov" | cut -c1-6 | tr A-Z a-z)"
	expect_comp "" sssctl show 2501
	# from the file names: a ticket that does not parse is still offered
	printf 'not a ticket\n' >"tickets/2026/11/$nov.md"
	expect_comp "$nov" sssctl show 2611
	git checkout -q -- "tickets/2026/11/$nov.md"
	# the second operand of set is a field, not an ID
	expect_comp "due=" sssctl set "$nov" du
}

test_ids_with_dash_C_and_outside() {
	make_tickets
	cd "$TMPDIR_T"
	expect_comp "$nov $dec" sssctl -C repo show ""
	# outside a repository: nothing, and no message in the middle of the line
	expect_comp "" sssctl show ""
	expect_comp "" sssctl new ""
}

# zcomp WORD...: what the zsh function _sssctl gives compadd (replaced by
# one that prints its words), one a line, into $OUT.
zcomp() {
	SSSCTL_BASH_COMPLETION=$COMP/sssctl.bash zsh -f -c '
		fpath=("$1" $fpath)
		autoload -Uz _sssctl
		compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -rl -- "$@"; }
		shift
		words=("$@")
		CURRENT=$#
		_sssctl
	' zsh "$COMP" "$@" >"$OUT" 2>"$ERR"
	[ ! -s "$ERR" ] || fail "zsh: $(cat "$ERR")"
}

test_zsh() {
	command -v zsh >/dev/null 2>&1 || skip "zsh is not installed (tests/deps.sh installs it)"
	make_tickets
	zcomp sssctl set "$nov" status=in
	expect_out "status=in-progress"
	zcomp sssctl show 2611
	expect_out "$nov"
	zcomp sssctl list --status=wa
	expect_out "--status=waiting"
	zcomp sssctl new incident-s
	expect_out "incident-software"
}

run_tests
