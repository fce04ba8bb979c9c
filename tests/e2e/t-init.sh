#!/bin/sh
# sssctl init
. "$(dirname "$0")/lib.sh"

test_init_makes_repo() {
	setup_repo
	[ -f .sss/config.yml ] || fail "no config"
	[ -f sow/kpbe.yml ] || fail "no catalog copy"
	expect_eq "$(commits)" 1 "commits"
	git log -1 --format=%B >"$TMPDIR_T/msg"
	expect_contains "Sss-Action: init" "$TMPDIR_T/msg"
	expect_contains "contract_start: 2026-04-01" .sss/config.yml
	expect_eq "$(git log -1 --format='%an <%ae>')" "テスト太郎 <taro@example.com>" author
}

test_init_config_names_the_approval_boxes() {
	setup_repo
	expect_contains "approvals: [作成, 確認, 承認]" .sss/config.yml
	sed 's/approvals: \[作成, 確認, 承認\]/approvals: [担当, 課長]/' .sss/config.yml >"$TMPDIR_T/c"
	cp "$TMPDIR_T/c" .sss/config.yml
	sss report monthly --period 2026-11 -o - >"$TMPDIR_T/r.md" || fail "report failed"
	expect_contains "| 担当 | 課長 |" "$TMPDIR_T/r.md"
	git checkout -q .sss/config.yml
}

test_init_adopts_existing_git_repo() {
	git init -q data
	(cd data && echo "memo" >README && git add README &&
		git -c user.name=x -c user.email=x@y commit -qm first)
	sss init data >/dev/null
	REPO=$(pwd)/data
	cd data
	expect_eq "$(commits)" 2 "commits"
	[ -f README ] || fail "README lost"
}

test_init_twice_fails() {
	setup_repo
	cd ..
	expect_error 1 "already a sssctl data repository" sss init repo
	cd repo
	expect_eq "$(commits)" 1 "commits"
}

test_init_without_identity_fails_clearly() {
	unset SSS_AUTHOR
	expect_error 1 "git config --global user.name" sss init repo
	[ ! -e repo ] || fail "a failed init left '$(ls -A repo)' behind"
	# the global config is enough; git reads ~/.gitconfig only when
	# GIT_CONFIG_GLOBAL (lib.sh: /dev/null) does not name another file
	printf '[user]\n\tname = 佐藤\n\temail = sato@example.com\n' >"$TMPDIR_T/.gitconfig"
	HOME="$TMPDIR_T" expect_error 1 "git config --global user.name" sss init repo
	HOME="$TMPDIR_T" GIT_CONFIG_GLOBAL="$TMPDIR_T/.gitconfig" expect_status 0 sss init repo
	REPO=$(pwd)/repo
	expect_eq "$(cd repo && git log -1 --format='%an <%ae>')" "佐藤 <sato@example.com>" author
}

test_commands_outside_repo_fail() {
	mkdir empty
	cd empty
	expect_error 1 "not a sssctl data repository" sss list
}

test_init_bad_contract_start_is_usage_error() {
	expect_error 2 "contract-start '2026-13-01'" sss init --contract-start 2026-13-01 repo
	[ ! -e repo ] || fail "repo made anyway"
}

test_repo_found_from_subdirectory_and_with_C() {
	setup_repo
	mkdir -p tickets/sub
	cd tickets/sub
	expect_status 0 sss list
	rmdir "$REPO/tickets/sub"
	cd /
	expect_status 0 sss -C "$REPO" list
}

# init installs the check pre-commit hook: git commit refuses a broken
# ticket; an existing hook is never replaced; --no-hooks skips it
test_init_installs_pre_commit_hook() {
	sss init --contract-start 2026-04-01 repo >/dev/null
	cd repo
	REPO=$(pwd)
	export SSS_NOW=2026-11-26T10:00:00+09:00
	h=.git/hooks/pre-commit
	[ -x "$h" ] || fail "no executable pre-commit hook"
	expect_contains "check -q" "$h"
	id=$(sss new usage-inquiry --event 髙橋さんの件)
	f=tickets/2026/11/$id.md
	# the hook names this sssctl, which may be off PATH
	sed -i 's/^status: open/status: 終わった/' "$f"
	git add "$f"
	if git -c user.name=x -c user.email=x@example.com commit -qm broken >"$OUT" 2>"$ERR"; then
		fail "git commit took a broken ticket"
	fi
	grep -q "終わった" "$ERR" || fail "the hook did not say why: $(cat "$ERR")"
	git checkout -q HEAD -- "$f"
	echo "メモ" >memo.txt
	git add memo.txt
	git -c user.name=x -c user.email=x@example.com commit -qm "メモ" ||
		fail "git commit refused with every ticket valid"
}

test_init_keeps_existing_hook_and_no_hooks() {
	git init -q data
	mkdir -p data/.git/hooks
	printf '#!/bin/sh\necho 自分のフック\n' >data/.git/hooks/pre-commit
	chmod +x data/.git/hooks/pre-commit
	expect_status 0 sss init --contract-start 2026-04-01 data
	expect_eq "$(cat data/.git/hooks/pre-commit)" "$(printf '#!/bin/sh\necho 自分のフック')" "the person's hook"
	grep -q "^sssctl: warning: '.*data/.git/hooks/pre-commit' exists and is kept; add 'sssctl check -q' to it" "$ERR" ||
		fail "no warning: $(cat "$ERR")"
	expect_status 0 sss init --no-hooks --contract-start 2026-04-01 bare-hooks
	[ ! -e bare-hooks/.git/hooks/pre-commit ] || fail "--no-hooks installed one"
	REPO=$(pwd)/data
}

run_tests "$@"
