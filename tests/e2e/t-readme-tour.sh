#!/bin/sh
# The README's tour (README.md and README.ja.md): the indented block after
# the "<!-- tour" marker, run line by line by bash (-e: the first failing
# line fails the test) as a reader pastes it into a new shell: an empty
# HOME, no git identity, the real clock, `sssctl` on the PATH. So the
# README cannot drift from the program.
. "$(dirname "$0")/lib.sh"

# tour README: the tour block of README, without its indentation, into
# $TMPDIR_T/tour.sh.
tour() {
	awk '
	/^<!-- tour/ { on = 1; next }
	on && /^    / { sub(/^    /, ""); print; seen = 1; next }
	on && /^[ \t]*$/ { if (seen) print ""; next }
	on && seen { exit }
	' "$1" >"$TMPDIR_T/tour.sh"
	[ -s "$TMPDIR_T/tour.sh" ] || fail "no tour block after '<!-- tour' in $1"
}

# run_tour README: run its tour in a fresh HOME; the IDs it made and the
# repository it left are checked.
run_tour() {
	tour "$1"
	grep -q '^id=$(sssctl new ' "$TMPDIR_T/tour.sh" ||
		fail "$1: the tour does not capture the new ticket's ID"
	mkdir -p "$TMPDIR_T/home" "$TMPDIR_T/bin" "$TMPDIR_T/tmp"
	ln -sf "$SSSCTL" "$TMPDIR_T/bin/sssctl"
	# what the tour leaves for the checks below
	printf '%s\n' 'printf "%s\n" "$id" "$problem" "$(pwd)" >"$TMPDIR_T/left"' \
		>>"$TMPDIR_T/tour.sh"
	set +e
	env -u SSS_AUTHOR -u SSS_NOW HOME="$TMPDIR_T/home" TMPDIR="$TMPDIR_T/tmp" \
		PATH="$TMPDIR_T/bin:$PATH" TMPDIR_T="$TMPDIR_T" \
		bash -e -x -s <"$TMPDIR_T/tour.sh" >"$OUT" 2>"$ERR"
	rc=$?
	set -e
	if [ "$rc" != 0 ]; then
		echo "# the tour of $1 stopped (exit $rc); its last lines:" >&2
		tail -n 15 "$ERR" | sed 's/^/#   /' >&2
		fail "$1: the tour does not run"
	fi
	id=$(sed -n 1p "$TMPDIR_T/left")
	problem=$(sed -n 2p "$TMPDIR_T/left")
	repo=$(sed -n 3p "$TMPDIR_T/left")
	echo "$id" | grep -Eq '^[0-9]{4}-[0-9A-HJKMNP-TV-Z]{6}$' || fail "$1: new printed '$id'"
	echo "$problem" | grep -Eq '^[0-9]{4}-[0-9A-HJKMNP-TV-Z]{6}$' ||
		fail "$1: close --problem printed '$problem'"
	[ "$id" != "$problem" ] || fail "$1: the problem ticket has the incident's ID"
	case $repo in "$TMPDIR_T"/tmp/*) ;; *) fail "$1: the tour worked outside its temp dir: $repo" ;; esac
	expect_contains "インシデント (ApexOne：定義ファイル更新失敗)" "$OUT"
	expect_contains "$id" "$OUT"
	(cd "$repo" && git fsck --strict --no-progress >/dev/null 2>&1) || fail "$1: git fsck"
	[ -z "$(git -C "$repo" status --porcelain)" ] || fail "$1: the tour leaves git status unclean"
	grep -q "status: closed" "$repo/tickets/"*/*/"$id.md" || fail "$1: $id is not closed"
	[ ! -e "$TMPDIR_T/home/kpbe" ] || fail "$1: the tour wrote into HOME"
}

test_readme_tour() {
	run_tour "$TESTS_ROOT/README.md"
}

test_readme_ja_tour() {
	run_tour "$TESTS_ROOT/README.ja.md"
}

test_the_two_tours_are_one() {
	tour "$TESTS_ROOT/README.md"
	sed 's/ *#.*//' "$TMPDIR_T/tour.sh" >"$TMPDIR_T/en"
	tour "$TESTS_ROOT/README.ja.md"
	sed 's/ *#.*//' "$TMPDIR_T/tour.sh" >"$TMPDIR_T/ja"
	diff -u "$TMPDIR_T/en" "$TMPDIR_T/ja" >&2 ||
		fail "README.ja.md's tour runs other commands than README.md's (comments aside)"
}

run_tests
