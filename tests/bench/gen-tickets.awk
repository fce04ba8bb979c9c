# gen-tickets.awk - the ticket files of tests/bench/gen-repo (see there).
# Variables: N (hand-made tickets), seed, dir (the data repository), src
# (scratch repository with the recurring tickets), tmpldir (KEY.md: a line
# "KEY<TAB>TITLE-PATTERN", then a ticket of `sssctl new` with @@NAME@@
# values), keysfile (KEY<TAB>TITLE lines), recfile (recurring paths).
# Plain POSIX awk (mawk is fastest); all text is handled as bytes.

function split_list(s, arr) { return split(s, arr, "|") }
function pick(arr, n) { return arr[1 + int(rand() * n)] }

# days since 1970-01-01 of a civil date (proleptic Gregorian)
function days(y, m, d,    era, yoe, doy, doe) {
	y -= (m <= 2)
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
# "YYYY-MM-DD" of a day number
function date_of(z,    era, doe, yoe, y, doy, mp, d, m) {
	z += 719468
	era = int((z >= 0 ? z : z - 146096) / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp + (mp < 10 ? 3 : -9)
	return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}
# minutes since the epoch (JST wall clock) -> "YYYY-MM-DDTHH:MM:SS+09:00"
function stamp(min, sec) {
	return sprintf("%sT%02d:%02d:%02d+09:00", date_of(int(min / 1440)),
		       int((min % 1440) / 60), min % 60, sec)
}
function logtime(min) {
	return sprintf("%s %02d:%02d", date_of(int(min / 1440)),
		       int((min % 1440) / 60), min % 60)
}
# the next business-hour minute at least `add` minutes after min
function later(min, add,    t, dow) {
	t = min + add
	for (;;) {
		dow = (int(t / 1440) + 4) % 7 # 0 = Sunday
		if (dow == 0 || dow == 6) { t = (int(t / 1440) + 1) * 1440 + 540; continue }
		if (t % 1440 < 510) { t = int(t / 1440) * 1440 + 510 + int(rand() * 60); continue }
		if (t % 1440 > 1110) { t = (int(t / 1440) + 1) * 1440 + 510 + int(rand() * 90); continue }
		return t
	}
}
function replace_all(s, from, to,    out, i) {
	out = ""
	while ((i = index(s, from)) > 0) {
		out = out substr(s, 1, i - 1) to
		s = substr(s, i + length(from))
	}
	return out s
}
function fill(s, p,    k) {
	for (k in p)
		s = replace_all(s, "{" k "}", p[k])
	return s
}

function load_templates(    line, key, f, state, t) {
	nkeys = 0
	while ((getline line < keysfile) > 0) {
		split(line, t, "\t")
		key = t[1]
		keys[++nkeys] = key
		title[key] = t[2]
		f = tmpldir "/" key ".md"
		getline line < f # KEY<TAB>TITLE
		state = 0
		docs[key] = ""
		body[key] = ""
		while ((getline line < f) > 0) {
			if (state == 0 && line == "---") { state = 1; continue }
			if (state == 1 && line == "---") { state = 3; continue }
			if (state == 1 && line ~ /^kind: /) kind[key] = substr(line, 7)
			if (state == 1 && line == "documents:") { state = 2; continue }
			if (state == 2) {
				if (line ~ /^  - /) { docs[key] = docs[key] line "\n"; continue }
				state = 1
				if (line == "---") { state = 3; continue }
			}
			if (state == 3) body[key] = body[key] line "\n"
		}
		close(f)
		if (docs[key] != "") docs[key] = "documents:\n" docs[key]
	}
	close(keysfile)
}

function setup(    w, i, cum) {
	# weights of the 随時 keys in a service desk's year
	w["usage-inquiry"] = 20; w["user-registration"] = 14
	w["password-reset"] = 12; w["incident-software"] = 12
	w["system-setting"] = 9; w["desk-other"] = 6; w["log-request"] = 4
	w["planning-process"] = 3; w["it-other"] = 3; w["build-process"] = 2
	w["problem-software"] = 2; w["problem-human-error"] = 1
	w["new-operation-design"] = 1; w["existing-operation-design"] = 1
	cum = 0
	for (i = 1; i <= nkeys; i++) {
		cum += (keys[i] in w) ? w[keys[i]] : 2
		kcum[i] = cum
	}
	ktotal = cum

	nsoft = split_list("ApexOne|SKYSEA|M365|Outlook|Teams|Windows11|Windows10|BoxDrive|財務会計システム|文書管理システム|人事給与システム|グループウェア|電子決裁システム|Acrobat|VPN|庁内LAN|複合機|ファイルサーバ|LGWAN|仮想デスクトップ|WSUS|ActiveDirectory", soft)
	nevent = split_list("ログインできない|動作が遅い|印刷できない|メール送信エラー|共有フォルダにアクセスできない|アカウントロック|ライセンス認証エラー|画面が固まる|更新プログラム適用失敗|証明書期限切れ|ネットワーク切断|ファイル誤削除|メール誤送信|操作方法の確認|設定変更依頼|機器更新計画|新システム導入検討|端末入替|バックアップ失敗|ディスク容量不足|二要素認証の設定|定義ファイル更新失敗|パスワード期限切れ|起動しない|文字化け|添付ファイルが開けない|会議室予約の不具合|庁外からの接続不可|システム移行|運用手順書の改訂", event)
	nsur = split_list("山田|鈴木|佐藤|高橋|田中|伊藤|渡辺|山本|中村|小林|加藤|吉田|山口|松本|井上|木村|林|清水|山崎|森", sur)
	ngiv = split_list("太郎|花子|一郎|美咲|健太|由美|翔|陽子|大輔|恵|拓也|直子|誠|さくら|隆", giv)
	nlog = split_list("操作ログ|認証ログ|プロキシログ|メール送受信ログ|ファイルアクセスログ|VPN接続ログ|印刷ログ|イベントログ", logn)
	ndept = split_list("情報政策課|総務課|財政課|人事課|税務課|土木課|福祉課|教育委員会|会計課|危機管理課|観光課|農林課", dept)
	nasg = split_list("田中|佐藤|鈴木|高橋|伊藤|渡辺|山本|中村", asg)
	ndesc = split_list("{課}の{人}さんから電話で連絡あり。|{課}の{人}さんからメールで依頼あり。|窓口で{人}さん（{課}）から相談を受けた。|影響範囲は端末{台}台。|至急の対応を希望とのこと。|前回（{日}）にも同様の申請あり。|業務への影響は軽微とのこと。|申請書は共有フォルダに保存済み。|月末までに完了させたいとのこと。|関係部署と日程を調整する。", desc)
	nwork = split_list("状況をヒアリング。|管理コンソールで状態を確認。|ベンダーに問合せ済み（受付番号 {番号}）。|リモートで設定を変更。|利用者に手順を案内。|再起動後に解消したことを確認。|申請書を受領、承認待ち。|上長の承認を得た。|作業手順を作成し、レビュー依頼。|検証環境で事象を再現。|回避策を案内、経過観察中。|利用者から完了の連絡あり。", work)
	nres = split_list("手順を案内し解決。|設定変更により復旧。|ベンダー提供の修正プログラム適用で解消。|アカウントを作成し、利用者に通知。|パスワードを初期化し、本人に通知。|ログを抽出し、依頼元に提供。|機器を交換し復旧。|再発防止策を運用手順書に反映。|要件を整理し、次年度の計画に反映。", res)
	nlogline = split_list("ERROR Connection timed out (code 0x80072EE2)|WARN Retrying update, attempt 3 of 5|ERROR Access denied for user KPBE\\{id}|INFO Service restarted by administrator|ERROR Certificate verify failed: certificate has expired|WARN Disk usage 93% on D:|ERROR SMTP 550 5.7.1 Relaying denied", logline)
}

function pick_key(    r, i) {
	r = rand() * ktotal
	for (i = 1; i < nkeys; i++)
		if (r < kcum[i]) break
	return keys[i]
}
function person() { return pick(sur, nsur) pick(giv, ngiv) }

# The share of the year's tickets that fall in each month: April (transfers)
# and March (year end) are busy, August and the new year quiet.
function season(m) {
	return m == 4 ? 1.35 : m == 3 ? 1.2 : m == 8 ? 0.8 : m == 1 ? 0.85 : m == 12 ? 0.95 : 1
}

function emit_ticket(y, m, day, mins,    key, p, ttl, dnum, sec, secs, slot, rnd, id, c, st, age, r, pri, who, req, due, closed, upd, nw, i, t, b, wl, path, out, fm, text, done, links, tags, nlines, k, np, usec) {
	key = pick_key()
	split("", p)
	np = 0
	# values of the placeholders of the title
	ttl = title[key]
	if (index(ttl, "{ソフト名}")) { p["ソフト名"] = pick(soft, nsoft); np++ }
	if (index(ttl, "{事象}")) { p["事象"] = pick(event, nevent); np++ }
	if (index(ttl, "{ユーザ名}")) { p["ユーザ名"] = person(); np++ }
	if (index(ttl, "{ログ名}")) { p["ログ名"] = pick(logn, nlog); np++ }
	ttl = fill(ttl, p)

	dnum = days(y, m, day)
	sec = int(rand() * 60)
	secs = (day - 1) * 86400 + int(mins / 60) * 3600 + (mins % 60) * 60 + sec
	slot = int(secs * 1048576 / 2678400)
	do {
		rnd = int(rand() * 1024)
		id = sprintf("%02d%02d-%s%s%s%s%s%s", y % 100, m,
			     substr(B32, int(slot / 32768) % 32 + 1, 1),
			     substr(B32, int(slot / 1024) % 32 + 1, 1),
			     substr(B32, int(slot / 32) % 32 + 1, 1),
			     substr(B32, slot % 32 + 1, 1),
			     substr(B32, int(rnd / 32) + 1, 1),
			     substr(B32, rnd % 32 + 1, 1))
	} while (id in seen)
	seen[id] = 1
	c = dnum * 1440 + mins # created, in minutes

	# status by age: old work is done, recent work is in flight
	age = (NOWMIN - c) / 1440
	r = rand()
	if (age > 90)
		st = r < 0.85 ? "closed" : r < 0.90 ? "cancelled" : r < 0.97 ? "resolved" : r < 0.985 ? "open" : r < 0.993 ? "in-progress" : "waiting"
	else
		st = r < 0.30 ? "open" : r < 0.50 ? "in-progress" : r < 0.60 ? "waiting" : r < 0.70 ? "resolved" : r < 0.98 ? "closed" : "cancelled"
	r = rand()
	if (kind[key] == "incident")
		pri = r < 0.05 ? "low" : r < 0.55 ? "normal" : r < 0.85 ? "high" : "urgent"
	else
		pri = r < 0.12 ? "low" : r < 0.85 ? "normal" : r < 0.97 ? "high" : "urgent"
	who = (st == "open" && rand() < 0.4) ? "" : pick(asg, nasg)
	req = (kind[key] == "request" || kind[key] == "incident" || rand() < 0.3) ? pick(dept, ndept) " " person() : ""
	due = rand() < 0.5 ? date_of(dnum + 3 + int(rand() * 28)) : ""

	# work log, then closing
	wl = ""
	nw = (st == "open") ? (rand() < 0.2) : int(rand() * 4)
	t = c
	for (i = 0; i < nw; i++) {
		t = later(t, 20 + int(rand() * 2880))
		if (t > NOWMIN) break
		wl = wl "- " logtime(t) " " (who != "" ? who : pick(asg, nasg)) ": " replace_all(pick(work, nwork), "{番号}", 100000 + int(rand() * 900000)) "\n"
	}
	upd = t
	usec = int(rand() * 60)
	closed = ""
	done = (st == "closed" || st == "resolved" || st == "cancelled")
	if (done) {
		t = later(t, 30 + int(rand() * 7200))
		if (t > NOWMIN) t = NOWMIN
		upd = t
		if (st == "closed") closed = stamp(t, usec)
	}

	# front matter, keys in sssctl's order
	fm = "---\nid: " id "\ntitle: " ttl "\nsow: " key "\nkind: " kind[key] "\nstatus: " st "\npriority: " pri "\n"
	if (who != "") fm = fm "assignee: " who "\n"
	if (req != "") fm = fm "requester: " req "\n"
	fm = fm "created: " stamp(c, sec) "\nupdated: " (upd == c ? stamp(c, sec) : stamp(upd, usec)) "\n"
	if (due != "") fm = fm "due: " due "\n"
	if (closed != "") fm = fm "closed: " closed "\n"
	if (np) {
		fm = fm "params:\n"
		# the title's order
		for (i = 1; i <= 4; i++) {
			k = i == 1 ? "ユーザ名" : i == 2 ? "ソフト名" : i == 3 ? "事象" : "ログ名"
			if (k in p) fm = fm "  " k ": " p[k] "\n"
		}
	}
	links = ""
	if (kind[key] == "problem" && last_incident != "")
		links = "links:\n  - rel: incident\n    id: " last_incident "\n"
	fm = fm links
	if (rand() < 0.2) fm = fm "tags: [" pick(soft, nsoft) (rand() < 0.3 ? ", 要フォロー" : "") "]\n"
	fm = fm docs[key] "---\n"
	if (kind[key] == "incident") last_incident = id

	# body: the template's sections, filled
	text = ""
	nlines = 1 + int(rand() * 3)
	for (i = 0; i < nlines; i++)
		text = text (i ? "\n" : "") pick(desc, ndesc)
	text = replace_all(text, "{課}", pick(dept, ndept))
	text = replace_all(text, "{人}", person())
	text = replace_all(text, "{台}", 1 + int(rand() * 30))
	text = replace_all(text, "{日}", date_of(dnum - 30 - int(rand() * 300)))
	if (rand() < 0.1) {
		# a pasted error log now and then: some tickets are long
		text = text "\n\n```"
		nlines = 5 + int(rand() * 40)
		t = c - 600
		for (i = 0; i < nlines; i++) {
			t += int(rand() * 3)
			text = text "\n" logtime(t) ":" sprintf("%02d", int(rand() * 60)) " " replace_all(pick(logline, nlogline), "{id}", "u" (10000 + int(rand() * 90000)))
		}
		text = text "\n```"
	}
	b = body[key]
	b = replace_all(b, "@@DESC@@", text)
	for (k in p) b = replace_all(b, "@@" k "@@", p[k])
	if (st == "closed" || st == "resolved")
		b = replace_all(b, "- [ ] ", "- [x] ")
	else if (st != "open" && st != "cancelled")
		sub(/- \[ \] /, "- [x] ", b)
	if (wl != "")
		b = replace_all(b, "## 作業記録\n", "## 作業記録\n" wl)
	if (st == "closed" || st == "resolved")
		b = b pick(res, nres) "\n"
	else if (st == "cancelled")
		b = b "申請取り下げのため取消。\n"

	path = dir "/tickets/" y "/" sprintf("%02d", m)
	if (!(path in made)) {
		system("mkdir -p '" path "'")
		made[path] = 1
	}
	out = path "/" id ".md"
	printf "%s%s", fm, b > out
	close(out)
}

# Past recurring periods are closed, checklist ticked (but a few are left
# overdue); the rest is exactly what `sssctl due` wrote.
function emit_recurring(rel,    f, line, text, st, dd, dnum, path, closing, out, n, parts) {
	f = src "/" rel
	text = ""
	dd = ""
	while ((getline line < f) > 0) {
		text = text line "\n"
		if (line ~ /^due: /) dd = substr(line, 6)
	}
	close(f)
	closing = 0
	if (dd != "") {
		dnum = days(substr(dd, 1, 4) + 0, substr(dd, 6, 2) + 0, substr(dd, 9, 2) + 0)
		closing = (dnum * 1440 + 1020 < NOWMIN - 7 * 1440) && rand() < 0.98
	}
	if (closing) {
		sub(/\nstatus: open\n/, "\nstatus: closed\n", text)
		sub(/\nupdated: [^\n]*\n/, "\nupdated: " stamp(dnum * 1440 + 1020, 0) "\n", text)
		sub(/\nrecurrence: /, "\nclosed: " stamp(dnum * 1440 + 1020, 0) "\nrecurrence: ", text)
		text = replace_all(text, "- [ ] ", "- [x] ")
	}
	n = split(rel, parts, "/")
	path = dir "/" parts[1] "/" parts[2] "/" parts[3]
	if (!(path in made)) {
		system("mkdir -p '" path "'")
		made[path] = 1
	}
	out = dir "/" rel
	printf "%s", text > out
	close(out)
}

BEGIN {
	srand(seed)
	B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	NOWMIN = days(2027, 3, 31) * 1440 + 18 * 60
	load_templates()
	setup()

	# tickets per month: FY2017..FY2026, growing 6% a year, by season
	total = 0
	for (fy = 0; fy < 10; fy++)
		for (i = 0; i < 12; i++) {
			mi = fy * 12 + i
			wt[mi] = (1 + 0.06 * fy) * season((i + 3) % 12 + 1)
			total += wt[mi]
		}
	acc = 0
	given = 0
	for (mi = 0; mi < 120; mi++) {
		acc += wt[mi]
		cnt[mi] = int(N * acc / total + 0.5) - given
		given += cnt[mi]
	}
	for (mi = 0; mi < 120; mi++) {
		if (!cnt[mi]) continue
		y = 2017 + int((mi + 3) / 12)
		m = (mi + 3) % 12 + 1
		# business days: weekdays except 12/29..1/3
		nb = 0
		for (d = 1; d <= 31; d++) {
			dn = days(y, m, d)
			if (substr(date_of(dn), 6, 2) + 0 != m) break
			dow = (dn + 4) % 7
			if (dow == 0 || dow == 6) continue
			if ((m == 12 && d >= 29) || (m == 1 && d <= 3)) continue
			bd[++nb] = d
		}
		for (j = 0; j < cnt[mi]; j++) {
			day = bd[1 + int((j + rand()) * nb / cnt[mi])]
			mins = 510 + int(rand() * 570) # 08:30 .. 17:59
			emit_ticket(y, m, day, mins)
		}
	}
	while ((getline rel < recfile) > 0)
		emit_recurring(rel)
	close(recfile)
}
