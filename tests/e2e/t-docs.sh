#!/bin/sh
# The manual pages (cmd/man) agree with the program. The commands are taken
# from the table that `sssctl -h` prints, so a new command is covered as
# soon as it is in cmd/main.c:
#   - every command has cmd/man/sssctl-CMD.1, and no page is left for a
#     command that is gone;
#   - the SYNOPSIS of each page is the `sssctl CMD -h` text, byte for byte;
#   - each page's .TH and NAME name its file; sssctl(1) lists every command
#     and its SYNOPSIS is the usage that `sssctl -h` prints.
#
# The SYNOPSIS contract: the `.SH SYNOPSIS` section holds a `.nf` ... `.fi`
# block (the first one counts) whose lines, once the roff escapes \- \(aq
# \e and \& are undone, are exactly the lines of the -h output. Write the
# block as the -h text with each '-' as '\-' and nothing else.
. "$(dirname "$0")/lib.sh"

MAN=$TESTS_ROOT/cmd/man

# list_commands: the command names of `sssctl -h`, one a line, into
# $TMPDIR_T/commands.
list_commands() {
	"$SSSCTL" -h >"$TMPDIR_T/help" 2>"$TMPDIR_T/help.err" ||
		fail "'sssctl -h' failed: $(cat "$TMPDIR_T/help.err")"
	awk '/^commands:$/ { on = 1; next } on && NF { print $1 }' \
		"$TMPDIR_T/help" >"$TMPDIR_T/commands"
	[ -s "$TMPDIR_T/commands" ] || fail "no command list in 'sssctl -h'"
}

# unroff [FILE]: undo the roff escapes allowed in a SYNOPSIS block.
unroff() {
	sed -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\&//g' -e 's/\\e/\\/g' "$@"
}

# synopsis PAGE: the lines of the first .nf/.fi block of PAGE's SYNOPSIS
# section, as written (fails when there is none or it is not closed).
synopsis() {
	awk '
	/^\.SH([ \t]|$)/ {
		if (inblk) bad = 1
		sec = $0
		sub(/^\.SH[ \t]*/, "", sec)
		gsub(/"/, "", sec)
		insyn = (sec == "SYNOPSIS")
		next
	}
	insyn && !done && /^\.nf[ \t]*$/ { inblk = 1; found = 1; next }
	inblk && /^\.fi[ \t]*$/ { inblk = 0; done = 1; next }
	inblk { print }
	END { if (!found || inblk || bad) exit 3 }
	' "$1"
}

test_every_command_has_a_page() {
	list_commands
	missing=
	for c in $(cat "$TMPDIR_T/commands"); do
		[ -f "$MAN/sssctl-$c.1" ] || missing="$missing cmd/man/sssctl-$c.1"
	done
	[ -z "$missing" ] || fail "no manual page for:$missing"
}

test_synopsis_is_the_help_text() {
	list_commands
	# most commands set up their repository before they look at -h
	setup_repo
	bad=
	for c in $(cat "$TMPDIR_T/commands"); do
		page=$MAN/sssctl-$c.1
		[ -f "$page" ] || continue # test_every_command_has_a_page says so
		set +e
		"$SSSCTL" "$c" -h >"$TMPDIR_T/h.$c" 2>"$TMPDIR_T/h.$c.err"
		rc=$?
		set -e
		if [ "$rc" != 0 ] || [ ! -s "$TMPDIR_T/h.$c" ] || [ -s "$TMPDIR_T/h.$c.err" ]; then
			echo "# 'sssctl $c -h': exit $rc, stderr: $(cat "$TMPDIR_T/h.$c.err")" >&2
			bad="$bad $c"
			continue
		fi
		if ! synopsis "$page" >"$TMPDIR_T/s.$c.roff"; then
			echo "# $page: no closed .nf/.fi block in .SH SYNOPSIS" >&2
			bad="$bad $c"
			continue
		fi
		unroff "$TMPDIR_T/s.$c.roff" >"$TMPDIR_T/s.$c"
		if ! diff -u --label "sssctl $c -h" --label "cmd/man/sssctl-$c.1 SYNOPSIS" \
			"$TMPDIR_T/h.$c" "$TMPDIR_T/s.$c" >&2; then
			bad="$bad $c"
		fi
	done
	[ -z "$bad" ] || fail "SYNOPSIS differs from -h for:$bad"
}

test_no_page_without_a_command() {
	list_commands
	stale=
	for page in "$MAN"/sssctl-*.1; do
		[ -e "$page" ] || continue
		c=$(basename "$page" .1)
		c=${c#sssctl-}
		grep -qxF -- "$c" "$TMPDIR_T/commands" || stale="$stale $(basename "$page")"
	done
	[ -z "$stale" ] || fail "pages for commands that 'sssctl -h' does not list:$stale"
}

test_th_and_name_name_the_file() {
	n=0 bad=
	for page in "$MAN"/*.1; do
		[ -e "$page" ] || continue
		n=$((n + 1))
		base=$(basename "$page" .1)
		# .TH TITLE SECTION ...: the title is the file name (man pages
		# write it in capitals), the section is the file's suffix
		th=$(grep -m 1 '^\.TH[[:blank:]]' "$page" | unroff) || th=
		set -- $th
		title=$(printf '%s' "${2:-}" | tr -d '"' | tr 'A-Z' 'a-z')
		section=$(printf '%s' "${3:-}" | tr -d '"')
		if [ "$title" != "$base" ] || [ "$section" != 1 ]; then
			echo "# $page: '.TH ${2:-} ${3:-}', want '$base' section 1" >&2
			bad="$bad $(basename "$page")"
			continue
		fi
		# NAME: "name \- summary", what whatis(1) and apropos(1) read
		name=$(awk '/^\.SH[ \t]+"?NAME"?[ \t]*$/ { getline; print; exit }' "$page" | unroff)
		case "$name" in
		"$base - "?*) ;;
		*)
			echo "# $page: NAME line '$name', want '$base \\- summary'" >&2
			bad="$bad $(basename "$page")"
			;;
		esac
	done
	[ "$n" -gt 0 ] || fail "no manual pages in $MAN"
	[ -z "$bad" ] || fail ".TH or NAME does not name the file:$bad"
}

test_overview_lists_every_command() {
	list_commands
	page=$MAN/sssctl.1
	[ -f "$page" ] || fail "no overview page cmd/man/sssctl.1"
	unroff "$page" >"$TMPDIR_T/overview"
	missing=
	for c in $(cat "$TMPDIR_T/commands"); do
		grep -Eq -- "sssctl-$c([^a-z0-9-]|\$)" "$TMPDIR_T/overview" ||
			missing="$missing sssctl-$c"
	done
	[ -z "$missing" ] || fail "cmd/man/sssctl.1 does not mention:$missing"
	# its SYNOPSIS is the usage at the top of `sssctl -h`
	awk '!NF { exit } { print }' "$TMPDIR_T/help" >"$TMPDIR_T/usage"
	synopsis "$page" >"$TMPDIR_T/syn.roff" ||
		fail "cmd/man/sssctl.1: no closed .nf/.fi block in .SH SYNOPSIS"
	unroff "$TMPDIR_T/syn.roff" >"$TMPDIR_T/syn"
	diff -u --label "sssctl -h" --label "cmd/man/sssctl.1 SYNOPSIS" \
		"$TMPDIR_T/usage" "$TMPDIR_T/syn" >&2 ||
		fail "cmd/man/sssctl.1 SYNOPSIS differs from the usage of 'sssctl -h'"
}

test_pages_render_without_warnings() {
	# a visible skip, not a pass (Debian: groff-base)
	command -v groff >/dev/null 2>&1 || skip "groff not installed"
	bad=
	for page in "$MAN"/*.1; do
		[ -e "$page" ] || continue
		# -k: Japanese text through preconv, as man(1) does
		groff -k -man -Tutf8 -ww -z "$page" >"$TMPDIR_T/groff" 2>&1 || true
		if [ -s "$TMPDIR_T/groff" ]; then
			sed 's/^/#   /' "$TMPDIR_T/groff" >&2
			bad="$bad $(basename "$page")"
		fi
	done
	[ -z "$bad" ] || fail "groff warns about:$bad"
}

run_tests "$@"
