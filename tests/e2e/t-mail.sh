#!/bin/sh
# sssctl new KEY --from-mail: mails as common clients write them, made
# here byte by byte (python3), read into tickets.
. "$(dirname "$0")/lib.sh"

# mkmail KIND FILE: write the mail KIND (see the table at the end) to FILE.
mkmail() {
	python3 - "$1" "$2" <<'EOF'
import base64, quopri, sys

def b(s, cs):
    return '=?%s?B?%s?=' % (cs, base64.b64encode(s.encode(cs)).decode())

def jis(text):
    """ISO-2022-JP as Outlook writes it (CP50221): NEC row 13 (①) and the
    NEC-selected IBM rows (髙) in the JIS X 0208 escape."""
    out, kanji = bytearray(), False
    for ch in text:
        if ord(ch) < 0x80:
            if kanji:
                out += b'\x1b(B'
                kanji = False
            out += ch.encode()
            continue
        s1, s2 = ch.encode('cp932')
        j1 = (s1 - (0x70 if s1 < 0xa0 else 0xb0)) * 2 - 1
        if s2 >= 0x9f:
            j1, j2 = j1 + 1, s2 - 0x7e
        else:
            j2 = s2 - (0x1f if s2 < 0x7f else 0x20)
        if not kanji:
            out += b'\x1b$B'
            kanji = True
        out += bytes([j1, j2])
    if kanji:
        out += b'\x1b(B'
    return bytes(out)

def jis_word(s):
    return '=?ISO-2022-JP?B?%s?=' % base64.b64encode(jis(s)).decode()

def head(subject, frm, mid, ctype, cte=None, extra=''):
    h = 'From: %s\nTo: desk@example.jp\nSubject: %s\nDate: Mon, 30 Nov 2026 10:15:00 +0900\n' % (frm, subject)
    if mid:
        h += 'Message-ID: <%s>\n' % mid
    h += extra + 'MIME-Version: 1.0\nContent-Type: %s\n' % ctype
    if cte:
        h += 'Content-Transfer-Encoding: %s\n' % cte
    return h + '\n'

kind, path = sys.argv[1], sys.argv[2]
if kind == 'iso2022jp':   # Thunderbird, old Outlook: 7bit ISO-2022-JP, CRLF
    body = 'お世話になっております。\n①の手順で髙橋さんのPCが起動しません。\n'
    m = head(jis_word('PCが起動しない①'), jis_word('山田 太郎') + ' <yamada@example.co.jp>',
             '20261130101500.A1@example.co.jp', 'text/plain; charset=ISO-2022-JP', '7bit').encode() + jis(body)
    m = m.replace(b'\n', b'\r\n')
elif kind == 'sjis':      # an old Japanese client: 8bit Shift_JIS
    body = '髙橋です。\n①再起動\n②ログイン\n'
    m = head(b('①髙橋PCの件', 'cp932').replace('cp932', 'Shift_JIS'),
             '"' + b('髙橋 一郎', 'cp932').replace('cp932', 'Shift_JIS') + '" <takahashi@example.jp>',
             'sjis.1@example.jp', 'text/plain; charset=Shift_JIS', '8bit').encode() + body.encode('cp932')
elif kind in ('gmail', 'gmail2'):  # Gmail: alternative, base64 UTF-8 parts
    body = '𠮷野家の端末でTeamsにサインインできません。\nよろしくお願いします。\n'
    html = '<div dir="ltr">𠮷野家の端末でTeamsにサインインできません。<br>よろしくお願いします。</div>\n'
    bd = '000000000000a1b2c3d4'
    m = head(b('Teamsにサインインできない', 'utf-8').replace('utf-8', 'UTF-8'),
             b('𠮷田 花子', 'utf-8').replace('utf-8', 'UTF-8') + ' <yoshida@gmail.com>',
             'CAF=gmail+1@mail.gmail.com', 'multipart/alternative; boundary="%s"' % bd).encode()
    m += ('--%s\nContent-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: base64\n\n%s\n'
          '--%s\nContent-Type: text/html; charset="UTF-8"\nContent-Transfer-Encoding: base64\n\n%s\n--%s--\n'
          % (bd, base64.encodebytes(body.encode()).decode(), bd,
             base64.encodebytes(html.encode()).decode(), bd)).encode()
elif kind == 'qp':        # quoted-printable UTF-8, a body that looks like Markdown
    body = ('プリンタの件です。\n## 作業記録\n# 見出し\n```\n<<<<<<< HEAD\n=======\n'
            '>>>>>>> 引用\n長い行は折り返されますが一行に戻ることになっています。一行です。\n')
    m = head('=?UTF-8?Q?=E3=83=97=E3=83=AA=E3=83=B3=E3=82=BF_=E5=8D=B0=E5=88=B7?=',
             'suzuki@example.jp', 'qp.1@example.jp', 'text/plain; charset=utf-8',
             'quoted-printable').encode() + quopri.encodestring(body.encode())
elif kind == 'html':      # HTML only (a web form's mail)
    html = ('<html><head><title>t</title><style>p{color:red}</style></head><body>'
            '<script>alert(1)</script><p>申請者：&#x20BB7;田</p><p>内容：A&amp;B &lt;至急&gt;<br>'
            'ソフト名&nbsp;:&nbsp;SKYSEA</p><ul><li>一つ目</li><li>二つ目</li></ul><!-- note --></body></html>')
    m = head(b('Webフォームからの申請', 'utf-8'), 'form@example.jp', 'form.1@example.jp',
             'text/html; charset=utf-8', 'base64').encode() + base64.encodebytes(html.encode())
elif kind == 'attach':    # Thunderbird (RFC 2231) and Outlook (encoded word) names
    bd = '------------0123456789'
    m = head(b('見積書の送付', 'utf-8'), 'sato@example.jp', 'attach.1@example.jp',
             'multipart/mixed; boundary="%s"' % bd).encode()
    m += ('--%s\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n'
          '見積書を添付します。\n\n' % bd).encode()
    m += ('--%s\nContent-Type: application/pdf;\n name="=?UTF-8?B?6KaL56mN5pu4LnBkZg==?="\n'
          'Content-Disposition: attachment;\n filename*=UTF-8\'\'%%E8%%A6%%8B%%E7%%A9%%8D%%E6%%9B%%B8.pdf\n'
          'Content-Transfer-Encoding: base64\n\n%s\n' % (bd, base64.encodebytes(b'%' * 12600).decode())).encode()
    m += ('--%s\nContent-Type: application/vnd.ms-excel; name="%s"\n'
          'Content-Disposition: attachment; filename="%s"\nContent-Transfer-Encoding: base64\n\n%s\n--%s--\n'
          % (bd, jis_word('①一覧.xls'), jis_word('①一覧.xls'), base64.encodebytes(b'x' * 300).decode(), bd)).encode()
elif kind == 'folded':    # a long subject folded over encoded words that split a character
    s = 'ファイルサーバの共有フォルダにアクセスできない件について（至急）'.encode()
    words = ['=?UTF-8?B?%s?=' % base64.b64encode(s[i:i + 20]).decode() for i in range(0, len(s), 20)]
    m = head('\n '.join(words), 'ito@example.jp', 'folded.1@example.jp',
             'text/plain; charset=UTF-8; format=flowed; delsp=yes', '8bit').encode()
    m += 'アクセスできません。 \n続きです。\n'.encode()
elif kind == 'badcharset':  # declared UTF-8, written in Shift_JIS
    m = head('help', 'kato@example.jp', 'bad.1@example.jp', 'text/plain; charset=UTF-8',
             '8bit').encode() + 'プリンタ'.encode('cp932') + b' OK\n'
elif kind == 'noid':
    m = head('no id', 'kato@example.jp', None, 'text/plain').encode() + b'hello\n'
open(path, 'wb').write(m)
EOF
}

# section NAME FILE: the lines of "## NAME", blank lines at its end dropped.
section() {
	awk -v h="## $1" '$0 == h { on = 1; next } on && /^## / { exit } on { print }' "$2" |
		sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}

# new_from KIND [ARGS...]: make the mail KIND and a ticket from it; $f is
# the ticket's file.
new_from() {
	kind=$1
	shift
	mkmail "$kind" "$TMPDIR_T/$kind.eml"
	expect_status 0 sss new "$@" --from-mail "$TMPDIR_T/$kind.eml"
	f=tickets/2026/11/$(cat "$OUT").md
	[ -f "$f" ] || fail "no ticket file '$f'"
}

test_mail_iso2022jp_subject_and_body() {
	setup_repo
	new_from iso2022jp usage-inquiry
	expect_contains "title: 利用方法、仕様などの問合せ (PCが起動しない①)" "$f"
	expect_contains "  事象: PCが起動しない①" "$f"
	expect_contains "requester: 山田 太郎 <yamada@example.co.jp>" "$f"
	expect_contains "message_id: 20261130101500.A1@example.co.jp" "$f"
	expect_contains "created: 2026-11-26T10:00:00+09:00" "$f"
	section 内容 "$f" >"$TMPDIR_T/got"
	cat >"$TMPDIR_T/want" <<'EOF'
差出人: 山田 太郎 <yamada@example.co.jp>
日付: 2026-11-30T10:15:00+09:00
件名: PCが起動しない①

お世話になっております。
①の手順で髙橋さんのPCが起動しません。
EOF
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "## 内容"
	[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
	expect_eq "$(commits)" 2 commits
}

test_mail_shift_jis_keeps_cp932_characters() {
	setup_repo
	new_from sjis usage-inquiry --priority high
	expect_contains "title: 利用方法、仕様などの問合せ (①髙橋PCの件)" "$f"
	expect_contains "requester: 髙橋 一郎 <takahashi@example.jp>" "$f"
	expect_contains "priority: high" "$f"
	section 内容 "$f" | tail -n 3 >"$TMPDIR_T/got"
	printf '髙橋です。\n①再起動\n②ログイン\n' >"$TMPDIR_T/want"
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "## 内容"
}

test_mail_gmail_base64_alternative_prefers_text() {
	setup_repo
	new_from gmail usage-inquiry
	expect_contains "title: 利用方法、仕様などの問合せ (Teamsにサインインできない)" "$f"
	expect_contains "requester: 𠮷田 花子 <yoshida@gmail.com>" "$f"
	section 内容 "$f" | tail -n 2 >"$TMPDIR_T/got"
	printf '𠮷野家の端末でTeamsにサインインできません。\nよろしくお願いします。\n' >"$TMPDIR_T/want"
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "## 内容"
	grep -q '<div' "$f" && fail "the HTML alternative was taken"
	sss show --format json "$(cat "$OUT")" >"$TMPDIR_T/show.json"
	python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); assert t["message_id"]=="CAF=gmail+1@mail.gmail.com", t' "$TMPDIR_T/show.json" ||
		fail "message_id in JSON"
}

test_mail_quoted_printable_cannot_break_sections() {
	setup_repo
	new_from qp usage-inquiry
	expect_contains "title: 利用方法、仕様などの問合せ (プリンタ 印刷)" "$f"
	expect_contains "requester: suzuki@example.jp" "$f"
	section 内容 "$f" | tail -n 7 >"$TMPDIR_T/got"
	cat >"$TMPDIR_T/want" <<'EOF'
\## 作業記録
\# 見出し
\```
\<<<<<<< HEAD
\=======
\>>>>>>> 引用
長い行は折り返されますが一行に戻ることになっています。一行です。
EOF
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "## 内容"
	# the template's sections are still found: a comment lands in 作業記録
	expect_status 0 sss comment "$(cat "$OUT")" -m 確認しました
	section 作業記録 "$f" | grep -q 確認しました || fail "comment not in ## 作業記録"
	expect_eq "$(grep -c '^## 作業記録' "$f")" 1 "## 作業記録 headings"
	expect_status 0 sss check
}

test_mail_html_only_body_made_text() {
	setup_repo
	new_from html desk-other
	expect_contains "title: サービスデスクその他要求事項 (Webフォームからの申請)" "$f"
	section 内容 "$f" | tail -n 7 >"$TMPDIR_T/got"
	printf '申請者：𠮷田\n\n内容：A&B <至急>\nソフト名 : SKYSEA\n\n- 一つ目\n- 二つ目\n' >"$TMPDIR_T/want"
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "## 内容"
	grep -Eq 'alert|color:red|note' "$f" && fail "script, style or comment kept"
	true
}

test_mail_attachments_listed_not_stored() {
	setup_repo
	new_from attach usage-inquiry
	section 内容 "$f" | tail -n 4 >"$TMPDIR_T/got"
	printf '見積書を添付します。\n\n- 添付: 見積書.pdf (12.3 KB)\n- 添付: ①一覧.xls (300 B)\n' >"$TMPDIR_T/want"
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "## 内容"
	expect_eq "$(git ls-files | grep -c -v '^tickets/\|^\.sss\|^sow\|^templates\|^\.git')" 0 "files besides tickets"
	grep -q '%%%%' "$f" && fail "attachment content stored"
	true
}

test_mail_folded_encoded_word_subject() {
	setup_repo
	new_from folded desk-other
	expect_contains "title: サービスデスクその他要求事項 (ファイルサーバの共有フォルダにアクセスできない件について（至急）)" "$f"
	section 内容 "$f" | tail -n 1 >"$TMPDIR_T/got"
	printf 'アクセスできません。続きです。\n' >"$TMPDIR_T/want"
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "format=flowed body"
}

test_mail_template_without_description_gets_one() {
	setup_repo
	mkdir -p templates
	printf '## チェックリスト\n{チェックリスト}\n\n## 作業記録\n' >templates/ticket-request.md
	git add templates && git -c user.name=x -c user.email=x@y commit -qm "template without 内容"
	new_from gmail usage-inquiry
	section 内容 "$f" | tail -n 1 >"$TMPDIR_T/got"
	printf 'よろしくお願いします。\n' >"$TMPDIR_T/want"
	diff -u "$TMPDIR_T/want" "$TMPDIR_T/got" >&2 || fail "## 内容"
	expect_eq "$(grep -c '^## ' "$f")" 3 "sections"
}

test_mail_redelivery_is_refused() {
	setup_repo
	new_from gmail usage-inquiry
	id=$(cat "$OUT")
	expect_error 1 "is ticket '$id' already \\(Message-ID <CAF=gmail\\+1@mail.gmail.com>\\)" \
		sss new desk-other --from-mail "$TMPDIR_T/gmail.eml"
	expect_eq "$(wc -l <"$ERR")" 1 "error lines"
	expect_eq "$(commits)" 2 commits
	expect_eq "$(find tickets -name '*.md' | wc -l)" 1 tickets
	# a warm cache answers the same
	sss list >/dev/null
	expect_error 1 "'$id' already" sss new usage-inquiry --from-mail - <"$TMPDIR_T/gmail.eml"
	expect_eq "$(commits)" 2 commits
}

test_mail_from_standard_input() {
	setup_repo
	mkmail sjis "$TMPDIR_T/in.eml"
	expect_status 0 sss new usage-inquiry --from-mail - <"$TMPDIR_T/in.eml"
	expect_contains "title: 利用方法、仕様などの問合せ (①髙橋PCの件)" "tickets/2026/11/$(cat "$OUT").md"
}

test_mail_subject_fills_only_placeholder_or_title() {
	setup_repo
	new_from gmail password-reset
	expect_contains "title: パスワードリセット (Teamsにサインインできない)" "$f"
	expect_contains "  ソフト名: Teamsにサインインできない" "$f"
	new_from sjis issue-management
	expect_contains "title: ①髙橋PCの件" "$f"
	# what the command line gives wins over the mail
	new_from iso2022jp usage-inquiry --event 手入力 --requester 情報政策課
	expect_contains "title: 利用方法、仕様などの問合せ (手入力)" "$f"
	expect_contains "requester: 情報政策課" "$f"
}

test_mail_wrong_charset_warns_once() {
	setup_repo
	new_from badcharset desk-other
	expect_eq "$(wc -l <"$ERR")" 1 "warning lines"
	grep -q "^sssctl: warning: '.*badcharset.eml': the body is not all valid UTF-8" "$ERR" ||
		fail "warning: $(cat "$ERR")"
	section 内容 "$f" | tail -n 1 | grep -q ' OK$' || fail "the readable part is lost"
	mkmail noid "$TMPDIR_T/noid.eml"
	expect_status 0 sss new desk-other --from-mail "$TMPDIR_T/noid.eml"
	grep -q "has no Message-ID" "$ERR" || fail "no warning for a mail without Message-ID"
}

test_mail_broken_files_make_nothing() {
	setup_repo
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >"$TMPDIR_T/x.png"
	expect_error 1 "'$TMPDIR_T/x.png' is not a mail \\(it has NUL bytes" \
		sss new desk-other --from-mail "$TMPDIR_T/x.png"
	printf 'これはメールではありません\n' >"$TMPDIR_T/note.txt"
	expect_error 1 "is not a mail \\(line 1 is not a header" \
		sss new desk-other --from-mail "$TMPDIR_T/note.txt"
	: >"$TMPDIR_T/empty.eml"
	expect_error 1 "'standard input' is empty" sss new desk-other --from-mail - <"$TMPDIR_T/empty.eml"
	expect_error 1 "cannot open '$TMPDIR_T/none.eml'" sss new desk-other --from-mail "$TMPDIR_T/none.eml"
	expect_error 1 "is not a mail file" sss new desk-other --from-mail "$TMPDIR_T"
	expect_eq "$(commits)" 1 commits
	[ ! -d tickets ] || expect_eq "$(find tickets -name '*.md' | wc -l)" 0 tickets
}

run_tests "$@"
