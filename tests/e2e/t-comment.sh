#!/bin/sh
# sssctl comment
. "$(dirname "$0")/lib.sh"

test_comment_appends_signed_entry() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_status 0 sss --now 2026-11-26T10:15:00+09:00 comment "$id" -m "ベンダーに問合せ済み（受付番号 123456）。"
	expect_status 0 sss --now 2026-11-26T11:30:00+09:00 comment "$id" -m "回答受領。"
	f=tickets/2026/11/$id.md
	sed -n '/^## 作業記録/,/^## /p' "$f" >"$TMPDIR_T/log"
	expect_contains "- 2026-11-26 10:15 テスト太郎: ベンダーに問合せ済み（受付番号 123456）。" "$TMPDIR_T/log"
	expect_contains "- 2026-11-26 11:30 テスト太郎: 回答受領。" "$TMPDIR_T/log"
	first=$(grep -n '問合せ済み' "$f" | cut -d: -f1)
	second=$(grep -n '回答受領' "$f" | cut -d: -f1)
	[ "$first" -lt "$second" ] || fail "entries out of order"
	expect_eq "$(commits)" 4 commits
}

test_comment_multiline_stays_in_item() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_status 0 sss comment "$id" -m "1行目
2行目"
	expect_contains "  2行目" "tickets/2026/11/$id.md"
}

test_comment_needs_text() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	expect_error 2 "-m TEXT" sss comment "$id" -m ""
	expect_error 1 "no ticket" sss comment 2611-ZZZZZZ -m x
	# no -m: the editor; one that fails changes nothing and keeps nothing
	EDITOR=false expect_error 1 "the editor 'false' failed" sss comment "$id"
	expect_eq "$(commits)" 2 commits
	ls .git/sss-comment-* >/dev/null 2>&1 && fail "an empty scratch file kept"
	# a wrong ID fails before anyone types
	EDITOR=/nonexistent/editor expect_error 1 "no ticket" sss comment 2611-ZZZZZZ
}

# editor scripts get the file name as their last argument
make_editor() {
	printf '#!/bin/sh\n%s\n' "$2" >"$TMPDIR_T/$1"
	chmod +x "$TMPDIR_T/$1"
}

# comment without -m opens $VISUAL, else $EDITOR, as edit does
test_comment_in_the_editor() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	f=tickets/2026/11/$id.md
	make_editor ed 'printf "エディタで書いた記録。\\n二行目 𠮷\\n\\n\\n" >"$1"'
	make_editor wrong 'exit 1'
	VISUAL="$TMPDIR_T/ed" EDITOR="$TMPDIR_T/wrong" expect_status 0 sss comment "$id" --spent 15m
	expect_contains "テスト太郎 [作業時間 15m]: エディタで書いた記録。" "$f"
	expect_contains "  二行目 𠮷" "$f"
	expect_eq "$(git log -1 --format=%s | cut -d' ' -f2)" comment action
	ls .git/sss-comment-* >/dev/null 2>&1 && fail "scratch file left after the commit"
	# an empty text (blank lines only) aborts: a message, no commit
	n=$(commits)
	make_editor blank 'printf "\\n  \\n" >"$1"'
	EDITOR="$TMPDIR_T/blank" expect_error 1 "the comment text is empty; nothing was committed" sss comment "$id"
	expect_eq "$(commits)" "$n" commits
	ls .git/sss-comment-* >/dev/null 2>&1 && fail "an empty text was kept"
	true
}

# the text typed is kept in a file under .git/ when the commit fails, and
# the error names it
test_comment_editor_text_kept_when_commit_fails() {
	command -v flock >/dev/null 2>&1 || skip "flock is not installed"
	setup_repo
	echo "lock_timeout_ms: 200" >>.sss/config.yml
	git -c user.name=x -c user.email=x@y commit -qam "short lock timeout"
	id=$(sss new usage-inquiry --event q)
	make_editor ed 'printf "失いたくない記録 ①\\n" >"$1"'
	flock .git/sss.lock sleep 5 &
	holder=$!
	sleep 0.3
	EDITOR="$TMPDIR_T/ed" expect_error 1 "gave up after 200 ms.*your text is kept in '.*/\\.git/sss-comment-$id-[0-9]+\\.md'" \
		sss comment "$id"
	kill "$holder" 2>/dev/null || true
	wait "$holder" 2>/dev/null || true
	expect_eq "$(wc -l <"$ERR")" 1 "lines on stderr"
	kept=$(sed -n "s/.*your text is kept in '\\(.*\\)'.*/\\1/p" "$ERR")
	expect_contains "失いたくない記録 ①" "$kept"
	expect_eq "$(commits)" 3 commits
	rm -f "$kept"
}

# the entry that could not be committed is printed back on stdout; stderr
# keeps its one error line
expect_text_back() {
	expect_eq "$(head -n 1 "$OUT")" "the entry was not saved; its text follows" "first line"
	expect_contains "$1" "$OUT"
	expect_eq "$(wc -l <"$ERR")" 1 "lines on stderr"
}

test_comment_commit_failing_enospc_gives_text_back() {
	command -v strace >/dev/null 2>&1 || skip "strace is not installed"
	# LeakSanitizer cannot run under ptrace (the ASan build)
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
	export ASAN_OPTIONS
	setup_repo
	id=$(sss new usage-inquiry --event q)
	before=$(git rev-parse HEAD)
	# which write stores the first object: found on a copy of the repository
	cp -a "$REPO" "$TMPDIR_T/dry"
	(cd "$TMPDIR_T/dry" && strace -y -o "$TMPDIR_T/dry.trace" -e trace=write \
		"$SSSCTL" comment "$id" -m x >/dev/null 2>&1)
	k=$(grep '^write(' "$TMPDIR_T/dry.trace" | grep -n '/objects/' | head -n 1 | cut -d: -f1)
	[ -n "$k" ] || fail "no object write found"
	expect_error 1 "No space left on device" \
		strace -o /dev/null -e trace=write -e inject=write:error=ENOSPC:when="$k" \
		"$SSSCTL" comment "$id" -m "消えては困る記録。
二行目も。"
	expect_text_back "消えては困る記録。"
	expect_text_back "二行目も。"
	expect_eq "$(git rev-parse HEAD)" "$before" HEAD
}

test_comment_lock_timeout_gives_text_back() {
	command -v flock >/dev/null 2>&1 || skip "flock is not installed"
	setup_repo
	echo "lock_timeout_ms: 200" >>.sss/config.yml
	git -c user.name=x -c user.email=x@y commit -qam "short lock timeout"
	id=$(sss new usage-inquiry --event q)
	flock .git/sss.lock sleep 5 &
	holder=$!
	sleep 0.3
	expect_error 1 "gave up after 200 ms" sss comment "$id" -m "待たされた記録。"
	kill "$holder" 2>/dev/null || true
	wait "$holder" 2>/dev/null || true
	expect_text_back "待たされた記録。"
	expect_eq "$(commits)" 3 commits
}

# the author comes from git's own sources in git's order: the same person
# `git var GIT_AUTHOR_IDENT` names, in every arrangement of the files
test_comment_author_follows_git_config_order() {
	setup_repo
	id=$(sss new usage-inquiry --event q)
	unset SSS_AUTHOR
	h=$TMPDIR_T/home
	mkdir -p "$h/.config/git" "$TMPDIR_T/xdg/git"
	printf '[user]\n\tname = 髙橋 global\n\temail = g@example.com\n' >"$TMPDIR_T/global"
	printf '[user]\n\tname = 𠮷田 home\n\temail = h@example.com\n' >"$h/.gitconfig"
	printf '[user]\n\tname = 佐藤 xdg-default\n\temail = x@example.com\n' >"$h/.config/git/config"
	printf '[user]\n\tname = 鈴木 xdg\n\temail = xx@example.com\n' >"$TMPDIR_T/xdg/git/config"
	printf '[user]\n\tname = 田中 system\n\temail = s@example.com\n' >"$TMPDIR_T/system"
	i=0
	# each line: the environment, then the name git and sssctl must agree on
	while IFS='|' read -r envs want; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		got_git=$(env -u GIT_CONFIG_GLOBAL -u GIT_CONFIG_NOSYSTEM HOME="$h" $envs git var GIT_AUTHOR_IDENT 2>/dev/null | sed 's/ <.*//')
		expect_eq "${got_git:-none}" "$want" "case $i ($envs): git's own answer"
		if [ "$want" = none ]; then
			# shellcheck disable=SC2086
			env -u GIT_CONFIG_GLOBAL -u GIT_CONFIG_NOSYSTEM HOME="$h" $envs \
				"$SSSCTL" comment "$id" -m "case $i" >"$OUT" 2>"$ERR" &&
				fail "case $i: an author where git has none"
			grep -q "no identity" "$ERR" || fail "case $i: $(cat "$ERR")"
			continue
		fi
		# shellcheck disable=SC2086
		env -u GIT_CONFIG_GLOBAL -u GIT_CONFIG_NOSYSTEM HOME="$h" $envs \
			"$SSSCTL" comment "$id" -m "case $i" >"$OUT" 2>"$ERR" ||
			fail "case $i: $(cat "$ERR")"
		expect_eq "$(git log -1 --format=%an)" "$want" "case $i ($envs): sssctl's author"
	done <<EOT
GIT_CONFIG_NOSYSTEM=1|𠮷田 home
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$TMPDIR_T/global|髙橋 global
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=$TMPDIR_T/system|none
GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=$TMPDIR_T/system|田中 system
GIT_CONFIG_GLOBAL=$TMPDIR_T/global GIT_CONFIG_SYSTEM=$TMPDIR_T/system|髙橋 global
GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME=$TMPDIR_T/xdg|𠮷田 home
GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=環境変数|環境変数
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=コマンド行|コマンド行
EOT
	# without ~/.gitconfig, the XDG file (or ~/.config/git/config) is it
	rm "$h/.gitconfig"
	for envs in "GIT_CONFIG_NOSYSTEM=1" "GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME=$TMPDIR_T/xdg"; do
		# shellcheck disable=SC2086
		want=$(env -u GIT_CONFIG_GLOBAL HOME="$h" $envs git var GIT_AUTHOR_IDENT | sed 's/ <.*//')
		# shellcheck disable=SC2086
		env -u GIT_CONFIG_GLOBAL HOME="$h" $envs "$SSSCTL" comment "$id" -m xdg >/dev/null ||
			fail "xdg: comment failed"
		expect_eq "$(git log -1 --format=%an)" "$want" "$envs: the XDG file"
	done
	# the repository's own config wins over every global file
	git config user.name "リポジトリ"
	git config user.email r@example.com
	GIT_CONFIG_GLOBAL=$TMPDIR_T/global expect_status 0 sss comment "$id" -m repo
	expect_eq "$(git log -1 --format=%an)" "リポジトリ" "repository config"
	# no identity anywhere: the one-line error, no commit
	git config --unset user.name
	git config --unset user.email
	before=$(git rev-parse HEAD)
	HOME=$h GIT_CONFIG_GLOBAL=/dev/null expect_error 1 "no identity" sss comment "$id" -m none
	expect_eq "$(git rev-parse HEAD)" "$before" "committed without an identity"
}

run_tests "$@"
