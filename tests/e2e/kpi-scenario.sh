# kpi-scenario.sh - a fixed data repository for the report's service
# figures (sourced by t-report-kpi.sh after lib.sh): tickets with known
# times, estimates, spent effort, waits, a reopen and problem links, in
# November 2026 (holidays: 11-03 文化の日, 11-23 勤労感謝の日), office
# hours 08:30-17:15 (525 minutes a day), targets
#     incident: response 1h, resolve 1d (525 min)
#     request:  response 4h, resolve 2d (1050 min)
# and make_later, the work done after November (which November's report
# must not see). IDs are random: the variables R1..R4, I1..I4, P1 hold them.
#
# The tickets and what the November report must make of them:
#   R1 request 佐藤, estimate 2h, 11-02 09:00; 佐藤 10:00 [1h30m]; closed
#      11:00. response met (60/240), resolve met; first-contact resolved.
#   R2 request 髙橋, estimate 3h, 11-04 09:00; 髙橋 15:00 [30m] (response
#      missed: 360/240); waiting 16:00 until 11-09 09:00; 髙橋 10:00 [1h];
#      closed 11:00. resolve met (420 + 120 = 540/1050); waited: not FCR.
#   R3 request 佐藤, no estimate, 11-24 16:00, untouched in November:
#      response breached (due 11-25 11:15), resolve breached (due 11-26
#      16:00). Later: 12-01 comment [1h], 12-02 closed.
#   R4 request 髙橋, estimate 2h, 2026-10-20 09:00; 佐藤 10-21 09:00 [1h]
#      (response missed in October: not November's); 佐藤 11-16 10:00 [1h];
#      open: resolve breached.
#   I1 incident 田中, estimate 4h, 11-05 10:00; 田中 10:30 [30m]; closed
#      15:00 with --problem (P1); reopened 11-06 09:00; 鈴木 09:30 [2h];
#      closed 12:00. response met, resolve met (300 + 180 = 480/525);
#      reopened; two entries: not FCR.
#   I2 incident 鈴木, 11-10 09:00; 鈴木 11:00 [1h] (response missed:
#      120/60); closed 11-12 17:00 (resolve missed: 495 + 525 + ...); FCR.
#      Linked to P1 from its own side (rel problem).
#   I3 incident, 2026-10-28, closed 10-29: linked from P1 (rel incident).
#   P1 problem, opened by I1's close, open.
#   Later: I4 incident 12-01 linked to P1, I2 reopened 12-01.

# kpi_config: the office hours and targets of the scenario, committed.
kpi_config() {
	python3 - .sss/config.yml <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
# drop the targets init wrote (a top-level block) and put the scenario's
s = re.sub(r'(?ms)^(office_hours|sla):.*?(?=^\S|\Z)', '', s)
s += '''office_hours:
  start: "08:30"
  end: "17:15"
  days: [mon, tue, wed, thu, fri]
sla:
  incident:
    default: { response: 1h, resolve: 1d }
  request:
    default: { response: 4h, resolve: 2d }
'''
open(p, 'w', encoding='utf-8').write(s)
PY
	git add .sss/config.yml && git -c user.name=x -c user.email=x@y commit -q -m "scenario targets" ||
		fail "cannot commit the scenario's config"
}

# add_link ID REL OTHER NOW: add a link to ticket ID's front matter (edit).
add_link() {
	cat >"$TMPDIR_T/link.py" <<'PY'
import os, sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
head, sep, body = s[4:].partition('\n---\n')
link = '  - rel: %s\n    id: %s' % (os.environ['LINK_REL'], os.environ['LINK_ID'])
if '\nlinks:\n' in '\n' + head + '\n':
    head = head.replace('links:\n', 'links:\n' + link + '\n', 1)
else:
    head += '\nlinks:\n' + link
open(p, 'w', encoding='utf-8').write('---\n' + head + sep + body)
PY
	printf '#!/bin/sh\nexec python3 "%s" "$1"\n' "$TMPDIR_T/link.py" >"$TMPDIR_T/link-ed"
	chmod +x "$TMPDIR_T/link-ed"
	LINK_REL=$2 LINK_ID=$3 EDITOR="$TMPDIR_T/link-ed" sss --now "$4" edit "$1" >/dev/null ||
		fail "cannot link $1 to $3"
}

# at TIME CMD...: sss with --now TIME (Japan time).
at() {
	t=$1
	shift
	sss --now "$t+09:00" "$@"
}

SATO="佐藤 <sato@example.com>"
TAKA="髙橋 <takahashi@example.com>"
TANAKA="田中 <tanaka@example.com>"
SUZUKI="鈴木 <suzuki@example.com>"

make_scenario() {
	setup_repo 2026-10-01
	kpi_config
	R4=$(at 2026-10-20T09:00 new usage-inquiry --event "ファイルサーバの容量が足りない" --assignee 髙橋) || fail "new R4"
	at 2026-10-20T09:01 set "$R4" estimate=2h >/dev/null || fail "estimate R4"
	at 2026-10-21T09:00 comment "$R4" --author "$SATO" --spent 1h -m "不要ファイルを調査" >/dev/null
	I3=$(at 2026-10-28T09:00 new incident-software --software Outlook --event "起動しない" --assignee 田中) || fail "new I3"
	at 2026-10-28T10:00 comment "$I3" --author "$TANAKA" --spent 1h -m "プロファイル再作成" >/dev/null
	at 2026-10-29T10:00 close "$I3" --force >/dev/null || fail "close I3"

	R1=$(at 2026-11-02T09:00 new usage-inquiry --event "Teams の通知が来ない 𠮷野" --assignee 佐藤) || fail "new R1"
	at 2026-11-02T09:01 set "$R1" estimate=2h >/dev/null
	at 2026-11-02T10:00 comment "$R1" --author "$SATO" --spent 1h30m -m "通知設定を案内" >/dev/null
	at 2026-11-02T11:00 close "$R1" --force >/dev/null || fail "close R1"

	R2=$(at 2026-11-04T09:00 new usage-inquiry --event "Outlook の起動が遅い ①" --assignee 髙橋) || fail "new R2"
	at 2026-11-04T09:01 set "$R2" estimate=3h >/dev/null
	at 2026-11-04T15:00 comment "$R2" --author "$TAKA" --spent 30m -m "ログを依頼" >/dev/null
	at 2026-11-04T16:00 set "$R2" status=waiting >/dev/null || fail "wait R2"
	at 2026-11-09T09:00 set "$R2" status=in-progress >/dev/null
	at 2026-11-09T10:00 comment "$R2" --author "$TAKA" --spent 1h -m "アドインを無効化" >/dev/null
	at 2026-11-09T11:00 close "$R2" --force >/dev/null || fail "close R2"

	I1=$(at 2026-11-05T10:00 new incident-software --software ApexOne --event "定義ファイル更新失敗" --assignee 田中) || fail "new I1"
	at 2026-11-05T10:01 set "$I1" estimate=4h >/dev/null
	at 2026-11-05T10:30 comment "$I1" --author "$TANAKA" --spent 30m -m "一次対応" >/dev/null
	P1=$(at 2026-11-05T15:00 close "$I1" --force --problem --resolution "手動で配信") || fail "close I1"
	at 2026-11-06T09:00 reopen "$I1" >/dev/null || fail "reopen I1"
	at 2026-11-06T09:30 comment "$I1" --author "$SUZUKI" --spent 2h -m "再発: 配信設定を見直し" >/dev/null
	at 2026-11-06T12:00 close "$I1" --force >/dev/null || fail "close I1 again"

	I2=$(at 2026-11-10T09:00 new incident-software --software SKYSEA --event "ログ収集停止 | 一部端末" --assignee 鈴木) || fail "new I2"
	at 2026-11-10T11:00 comment "$I2" --author "$SUZUKI" --spent 1h -m "サービス再起動" >/dev/null
	at 2026-11-12T17:00 close "$I2" --force >/dev/null || fail "close I2"
	add_link "$I2" problem "$P1" 2026-11-12T17:05:00+09:00
	add_link "$P1" incident "$I3" 2026-11-13T09:00:00+09:00

	at 2026-11-16T10:00 comment "$R4" --author "$SATO" --spent 1h -m "容量の増設を提案" >/dev/null
	R3=$(at 2026-11-24T16:00 new usage-inquiry --event "ユーザ登録の手順 髙" --assignee 佐藤) || fail "new R3"
}

# The work after November.
make_later() {
	at 2026-12-01T10:00 comment "$R3" --author "$SATO" --spent 1h -m "手順書を送付" >/dev/null
	at 2026-12-02T10:00 close "$R3" --force >/dev/null || fail "close R3"
	at 2026-12-01T09:00 reopen "$I2" >/dev/null || fail "reopen I2"
	at 2026-12-01T09:30 comment "$I2" --author "$SUZUKI" --spent 3h -m "再調査" >/dev/null
	I4=$(at 2026-12-01T11:00 new incident-software --software ApexOne --event "定義ファイル更新失敗（再発）" --assignee 田中) || fail "new I4"
	add_link "$I4" problem "$P1" 2026-12-01T11:05:00+09:00
	at 2026-12-02T11:00 comment "$R4" --author "$TAKA" --spent 2h -m "増設作業" >/dev/null
	at 2026-12-02T12:00 close "$R4" --force >/dev/null || fail "close R4"
	# re-estimated afterwards: November still plans with 2h
	at 2026-12-02T11:30 set "$R4" estimate=8h >/dev/null || fail "estimate R4"
}
