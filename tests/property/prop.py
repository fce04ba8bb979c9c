#!/usr/bin/env python3
"""prop.py - the randomized property test of team sharing (issue 12).

Each history: two clones (A: 佐藤, B: 髙橋) of one bare remote, copied from
a template made once. Each side does 1-6 random operations among new, set,
comment, close, reopen, edit (ticks, a section, a field) and due, at
--now times inside a few days so that due periods collide. Then the sides
exchange: `sssctl sync` on A, on B, on A (mode sync), or the same with
`git push` / `git pull --no-rebase` (mode merge) or `git pull --rebase`
(mode rebase) through the ticket merge driver. Checked after each:

- both clones' HEAD trees are equal, and equal to their work trees;
- no conflict markers in any ticket; `sssctl check` exits 0 unless the
  only problems are tickets tagged `conflict` that both sides edited in
  one section (and such a ticket must carry the tag);
- every work-log entry written on either side is in the final ticket
  exactly once, in time order;
- every field either side changed has that side's value in the final
  ticket, or a "merge:" work-log line naming the field and the value;
  `updated` is the later of the two; lists merge as sets;
- a checklist item ticked on either side is ticked;
- a section changed on one side has that side's text; changed on both,
  both texts are kept and the ticket is tagged `conflict`;
- a ticket only one side changed is that side's file, byte for byte.

A side's times are whole minutes for A and half minutes for B, so the
two never mint one ID (the same-ID case is tested in t-gitpull.sh).

Environment: SSSCTL (the binary), PROPERTY_SEED (the first history's
seed; history i uses seed+i, so PROPERTY_MODE=M PROPERTY_SEED=S
PROPERTY_COUNT=1 repeats one history), PROPERTY_COUNT (default 300),
PROPERTY_MODE (sync, merge, rebase, or auto: PROPERTY_COUNT histories
through sync, then the first PROPERTY_GIT_COUNT (default 20) of the same
histories through git pull --no-rebase and --rebase), PROPERTY_TMPDIR
(default /dev/shm when writable), PROPERTY_KEEP=1 keeps every history's
directory. Output is TAP, one line per 10 histories; a failure names the
history's seed, its operations and what was expected against what the
ticket holds.
"""

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ATTR = "tickets/**/*.md merge=sssctl text eol=lf"
SIDES = {
    "a": ("佐藤 <sato@example.com>", "佐藤", "sato@example.com", 0),
    "b": ("髙橋 <takahashi@example.com>", "髙橋", "takahashi@example.com", 30),
}
FIRST_DAY = (2026, 11, 24)  # the template's today; histories run after it
DAYS = 14  # 2026-11-25 .. 2026-12-08: weeks 48-50, November and December
EVENTS = ["VPNに接続できない", "Teamsの通知が来ない", "プリンタが印刷しない",
          "共有フォルダが見えない", "ＳＫＹＳＥＡの警告", "𠮷野さんのPCが遅い"]
SOFTWARE = ["ApexOne", "SKYSEA", "Ｍ３６５", "髙機能エディタ"]
ASSIGNEES = ["佐藤", "髙橋", "鈴木", "田中①"]
TAGS = ["障害", "要確認", "①", "ＶＰＮ", "庁舎"]
TITLES = ["VPN障害 (本庁舎)", "印刷できない (２階)", "𠮷田さん端末の入替"]
MARKER = re.compile(r"^(<<<<<<<|>>>>>>>|=======)( |$)", re.M)
LIST_FIELDS = ("tags", "documents", "links")
SKIP_FIELDS = ("updated", "created", "closed")


class Failure(Exception):
    pass


# how many tickets each history's checks saw of each kind (for the summary)
STATS = {"same": 0, "merged": 0, "conflict": 0, "add/add": 0}


# ---- running things --------------------------------------------------------

def base_env():
    env = dict(os.environ)
    for k in ("VISUAL", "EDITOR", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
              "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "SSS_NOW", "GIT_DIR"):
        env.pop(k, None)
    env.update(LC_ALL="C.UTF-8", TZ="UTC", HOME="/nonexistent",
               GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               NO_COLOR="1", SSS_AUTHOR=SIDES["a"][0])
    return env


ENV = base_env()


def run(argv, cwd, env=None, ok=True, what=None):
    """Run argv in cwd; return (rc, stdout, stderr). ok: fail unless rc 0."""
    p = subprocess.run(argv, cwd=cwd, env=env or ENV, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    if ok and p.returncode != 0:
        raise Failure("%s exited %d in %s\n%s%s" % (
            what or " ".join(argv), p.returncode, os.path.basename(cwd), out, err))
    return p.returncode, out, err


def has_command(sssctl, name):
    return run([sssctl, name, "-h"], "/", ok=False)[0] == 0


def side_env(side, now=None, editor=None):
    env = dict(ENV)
    env["SSS_AUTHOR"] = SIDES[side][0]
    if now:
        env["SSS_NOW"] = now
    if editor:
        env["EDITOR"] = editor
    return env


# ---- the template ----------------------------------------------------------

def make_clone(sssctl, tpl, side, use_clone):
    d = os.path.join(tpl, side)
    remote = os.path.join(tpl, "remote.git")
    if use_clone:
        run([sssctl, "clone", remote, d], tpl, env=side_env(side))
    else:
        run(["git", "clone", "-q", remote, d], tpl)
        run(["git", "config", "merge.sssctl.driver",
             "%s merge-file %%O %%A %%B %%P" % sssctl], d)
    _, name, email, _ = SIDES[side]
    run(["git", "config", "user.name", name], d)
    run(["git", "config", "user.email", email], d)
    run(["git", "config", "gc.auto", "0"], d)


def make_template(sssctl, work):
    """The remote with a few tickets, clones a and b, and the generated
    tickets of every period a history can reach, as due makes them."""
    tpl = os.path.join(work, "tpl")
    os.makedirs(tpl)
    origin = os.path.join(tpl, "origin")
    run([sssctl, "init", "--no-hooks", "--contract-start", "2026-11-01", origin], tpl)
    env = side_env("a", "2026-11-24T09:00:00+09:00")
    attr = os.path.join(origin, ".gitattributes")
    if not os.path.exists(attr) or ATTR not in open(attr, encoding="utf-8").read():
        with open(attr, "a", encoding="utf-8") as f:
            f.write(ATTR + "\n")
        run(["git", "add", ".gitattributes"], origin)
        run(["git", "-c", "user.name=setup", "-c", "user.email=setup@example.com",
             "commit", "-q", "-m", "gitattributes"], origin)
    run([sssctl, "due", "--quiet"], origin, env=env)
    for i, ev in enumerate(EVENTS[:3]):
        env["SSS_NOW"] = "2026-11-24T09:%02d:00+09:00" % (10 + i)
        run([sssctl, "new", "usage-inquiry", "--event", ev, "-m", "電話で受付 %d" % i],
            origin, env=env)
    run(["git", "clone", "-q", "--bare", origin, os.path.join(tpl, "remote.git")], tpl)
    shutil.rmtree(origin)
    use_clone = has_command(sssctl, "clone")
    for side in SIDES:
        make_clone(sssctl, tpl, side, use_clone)
    for d in ("remote.git", "a", "b"):
        run(["git", "gc", "-q"], os.path.join(tpl, d))
        run(["git", "config", "gc.auto", "0"], os.path.join(tpl, d))
    base = read_tree(os.path.join(tpl, "a"))
    # what due makes for every period up to the last day, from a scratch copy
    gen = os.path.join(work, "gen")
    run(["cp", "-a", os.path.join(tpl, "a"), gen], work)
    run([sssctl, "due", "--quiet"], gen, env=side_env("a", day_time(DAYS, 23, 0, 0)))
    generated = {p: t for p, t in read_tree(gen).items() if p not in base}
    shutil.rmtree(gen)
    return tpl, base, generated


def day_time(day, h, m, s):
    y, mo, d = FIRST_DAY
    t = time.mktime((y, mo, d + day, 12, 0, 0, 0, 0, -1))
    y, mo, d = time.gmtime(t)[:3]
    return "%04d-%02d-%02dT%02d:%02d:%02d+09:00" % (y, mo, d, h, m, s)


def read_tree(d):
    """Every ticket file under d/tickets: {relative path: text}."""
    out = {}
    top = os.path.join(d, "tickets")
    for root, _, files in os.walk(top):
        for f in files:
            if f.endswith(".md"):
                p = os.path.join(root, f)
                with open(p, encoding="utf-8") as fh:
                    out[os.path.relpath(p, d)] = fh.read()
    return out


# ---- the ticket, as the checks see it --------------------------------------

def parse(text):
    """(fields, sections): fields {key: value}, lists as frozensets;
    sections [(heading, text)] in order."""
    lines = text.split("\n")
    if not lines or lines[0] != "---":
        raise Failure("not a ticket: %r" % text[:80])
    end = lines.index("---", 1)
    fields = {}
    key = None
    for ln in lines[1:end]:
        if ln.startswith(" ") and key:
            fields[key] += "\n" + ln
            continue
        k, _, v = ln.partition(":")
        key = k
        v = v.strip()
        if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
            v = v[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        if k in LIST_FIELDS:
            v = frozenset(x.strip() for x in v.strip("[]").split(",") if x.strip())
        fields[k] = v
    sections = []
    cur, buf = None, []
    for ln in lines[end + 1:]:
        if ln.startswith("## "):
            if cur is not None:
                sections.append((cur, "\n".join(buf).strip("\n")))
            cur, buf = ln[3:], []
        elif cur is not None:
            buf.append(ln)
    if cur is not None:
        sections.append((cur, "\n".join(buf).strip("\n")))
    return fields, sections


def section(sections, name):
    for h, t in sections:
        if h == name:
            return t
    return None


def worklog(sections):
    """The work-log entries: each "- YYYY-MM-DD HH:MM ..." line with its
    indented continuation lines, as one string."""
    out = []
    for ln in (section(sections, "作業記録") or "").split("\n"):
        if ln.startswith("- "):
            out.append(ln)
        elif ln.startswith(" ") and out:
            out[-1] += "\n" + ln
    return out


def checklist(sections):
    """{item text: ticked}"""
    out = {}
    for ln in (section(sections, "チェックリスト") or "").split("\n"):
        m = re.match(r"^- \[([ xX])\] (.*)$", ln)
        if m:
            out[m.group(2)] = m.group(1) != " "
    return out


# ---- one history ------------------------------------------------------------

class Side:
    def __init__(self, name, d, rng, day):
        self.name, self.d, self.rng = name, d, rng
        self.minute = rng.randrange(9 * 60, 17 * 60)
        self.day = day
        self.n = 0
        self.ops = []
        self.snaps = []  # the side's tickets before each operation, then after all

    def now(self):
        self.minute += self.rng.randrange(1, 90)
        if self.minute >= 24 * 60:
            self.day, self.minute = self.day + 1, self.minute - 18 * 60
        return day_time(self.day, self.minute // 60, self.minute % 60,
                        SIDES[self.name][3])


def pick_ticket(side, tree, hot, rng, want=None):
    """A ticket of side's tree: usually one of the hot ones (both sides
    pick among them, so they meet), else any; want: a status filter."""
    cands = [p for p in tree if want is None or parse(tree[p])[0].get("status") in want]
    if not cands:
        return None
    hot_c = [p for p in cands if p in hot]
    if hot_c and rng.random() < 0.85:
        return rng.choice(sorted(hot_c))
    return rng.choice(sorted(cands))


def ticket_id(path):
    return os.path.basename(path)[:-3]


def edit_text(text, rng, tag):
    """The ticket after an edit: ticks, a line added to a section, a field."""
    fields, sections = parse(text)
    lines = text.split("\n")
    did = []
    open_items = [i for i, ln in enumerate(lines) if ln.startswith("- [ ] ")]
    if open_items and rng.random() < 0.7:
        for i in rng.sample(open_items, min(len(open_items), rng.randrange(1, 3))):
            lines[i] = "- [x] " + lines[i][6:]
            did.append("tick " + lines[i][6:][:12])
    heads = [h for h, _ in sections if h not in ("作業記録", "チェックリスト")]
    if heads and (not did or rng.random() < 0.5):
        h = rng.choice(heads)
        i = lines.index("## " + h) + 1
        while i < len(lines) and not lines[i].startswith("## "):
            i += 1
        while i > 0 and lines[i - 1] == "":
            i -= 1
        lines.insert(i, "追記 %s：確認済み ①" % tag)
        did.append("append to " + h)
    if rng.random() < 0.3:
        p = rng.choice(["low", "normal", "high", "urgent"])
        for i, ln in enumerate(lines):
            if ln.startswith("priority: "):
                lines[i] = "priority: " + p
                did.append("priority " + p)
                break
    return "\n".join(lines), did


def do_op(sssctl, side, hot, hdir):
    """One random operation on side; records what it did in side.ops."""
    rng = side.rng
    tree = read_tree(side.d)
    side.snaps.append(tree)
    side.n += 1
    tag = "%s%d" % (side.name.upper(), side.n)
    now = side.now()
    env = side_env(side.name, now)
    op = rng.choice(["new", "set", "set", "comment", "comment", "close",
                     "reopen", "edit", "edit", "due", "due"])
    argv = None
    if op == "new":
        kind = rng.randrange(3)
        if kind == 0:
            argv = ["new", "usage-inquiry", "--event", rng.choice(EVENTS) + " " + tag]
        elif kind == 1:
            argv = ["new", "password-reset", "--software", rng.choice(SOFTWARE)]
        else:
            argv = ["new", "incident-software", "--software", rng.choice(SOFTWARE),
                    "--event", rng.choice(EVENTS)]
        if rng.random() < 0.5:
            argv += ["-m", "受付 %s 𠮷" % tag]
    elif op == "due":
        argv = ["due", "--quiet"]
    elif op == "reopen":
        p = pick_ticket(side, tree, hot, rng, ("closed", "resolved", "cancelled"))
        if p:
            argv = ["reopen", ticket_id(p)]
    elif op == "close":
        p = pick_ticket(side, tree, hot, rng, ("open",))
        if p:
            argv = ["close", "--force", ticket_id(p)]
            if rng.random() < 0.6:
                argv[2:2] = ["--resolution", "対応完了 %s ①" % tag]
    elif op == "comment":
        p = pick_ticket(side, tree, hot, rng)
        text = "作業メモ %s 𠮷" % tag
        if rng.random() < 0.3:
            text += "\n詳細：ＶＰＮ装置を再起動 %s" % tag
        argv = ["comment", ticket_id(p), "-m", text]
    elif op == "set":
        p = pick_ticket(side, tree, hot, rng)
        fields = parse(tree[p])[0]
        f = rng.choice(["priority", "assignee", "due", "tags", "title"])
        if f == "priority":
            v = rng.choice(["low", "normal", "high", "urgent"])
        elif f == "assignee":
            v = rng.choice(ASSIGNEES)
        elif f == "due":
            v = day_time(rng.randrange(DAYS + 10), 0, 0, 0)[:10]
        elif f == "title":
            v = rng.choice(TITLES)
        else:
            v = ",".join(sorted(fields.get("tags", frozenset()) | {rng.choice(TAGS)}))
        argv = ["set", ticket_id(p), "%s=%s" % (f, v)]
    if op == "edit" or argv is None:
        p = pick_ticket(side, tree, hot, rng)
        new, did = edit_text(tree[p], rng, tag)
        src = os.path.join(hdir, "edit-%s.md" % tag)
        with open(src, "w", encoding="utf-8") as f:
            f.write(new)
        env["EDITOR"] = "cp " + src
        argv = ["edit", ticket_id(p)]
        side.ops.append("%s %s edit %s: %s" % (tag, now, ticket_id(p), ", ".join(did)))
    else:
        side.ops.append("%s %s %s" % (tag, now, " ".join(argv)))
    rc, out, err = run([sssctl] + argv, side.d, env=env, ok=False)
    if rc != 0:
        raise Failure("%s: sssctl %s exited %d: %s%s" % (tag, " ".join(argv), rc, out, err))
    if op == "due":  # what due made is worked on next, on either side
        hot.update(p for p in read_tree(side.d) if p not in tree)


def exchange(sssctl, mode, a, b, now):
    if mode == "sync":
        for s in (a, b, a):
            run([sssctl, "sync", "--quiet"], s.d, env=side_env(s.name, now),
                what="sssctl sync in " + s.name)
        return
    pull = ["git", "pull", "-q", "--rebase" if mode == "rebase" else "--no-rebase"]
    run(["git", "push", "-q", "origin", "HEAD"], a.d, what="git push in a")
    run(pull, b.d, env=side_env("b", now), what=" ".join(pull) + " in b")
    run(["git", "push", "-q", "origin", "HEAD"], b.d, what="git push in b")
    run(pull, a.d, env=side_env("a", now), what=" ".join(pull) + " in a")


def history(sssctl, mode, tpl, base, generated, work, seed):
    rng = random.Random(seed)
    hdir = os.path.join(work, "h%d" % seed)
    run(["cp", "-a", tpl, hdir], work)
    for s in SIDES:  # the clones' remote is this history's
        cfg = os.path.join(hdir, s, ".git", "config")
        with open(cfg, encoding="utf-8") as f:
            text = f.read()
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(text.replace(os.path.join(tpl, "remote.git"),
                                 os.path.join(hdir, "remote.git")))
    day = rng.randrange(DAYS - 3)
    a = Side("a", os.path.join(hdir, "a"), rng, day)
    b = Side("b", os.path.join(hdir, "b"), rng, day + rng.randrange(2))
    hot = set(rng.sample(sorted(base), 3))
    try:
        for s in (a, b):
            for _ in range(rng.randrange(1, 7)):
                do_op(sssctl, s, hot, hdir)
        ta, tb = read_tree(a.d), read_tree(b.d)
        a.snaps.append(ta)
        b.snaps.append(tb)
        exchange(sssctl, mode, a, b, day_time(DAYS + 2, 8, 0, 0))
        check_history(sssctl, mode, a, b, base, generated)
    except Failure as e:
        e.ops = a.ops + b.ops
        e.dir = hdir
        raise
    if os.environ.get("PROPERTY_KEEP") != "1":
        shutil.rmtree(hdir)


# ---- the checks -------------------------------------------------------------

def replayed_fields(side, p):
    """{field: the value it had before side's last commit that changed
    it} over side's history of ticket p, one commit a step (what `git
    rebase` replays one by one)."""
    out = {}
    versions = [t[p] for t in side.snaps if p in t]
    for v0, v1 in zip(versions, versions[1:]):
        f0, f1 = parse(v0)[0], parse(v1)[0]
        out.update({k: f0.get(k) for k in set(f0) | set(f1) if f0.get(k) != f1.get(k)})
    return out


def check_history(sssctl, mode, a, b, base, generated):
    ta, tb = a.snaps[-1], b.snaps[-1]
    tree_a = run(["git", "rev-parse", "HEAD^{tree}"], a.d)[1].strip()
    tree_b = run(["git", "rev-parse", "HEAD^{tree}"], b.d)[1].strip()
    if tree_a != tree_b:
        raise Failure("the clones' trees differ: a %s, b %s" % (tree_a, tree_b))
    for s in (a, b):
        st = run(["git", "status", "--porcelain"], s.d)[1]
        if st:
            raise Failure("git status in %s is not clean:\n%s" % (s.name, st))
    final = read_tree(a.d)
    conflicted = set()
    for p in sorted(set(ta) | set(tb) | set(base)):
        f = final.get(p)
        if f is None:
            raise Failure("%s is gone after the merge" % p)
        if MARKER.search(f):
            raise Failure("%s holds conflict markers:\n%s" % (p, f))
        o = base.get(p)
        if o is None and p in ta and p in tb:
            o = generated.get(p)
        # a rebase replays b's commits one by one onto a's: when b's last
        # change of a field starts from a's value (b had set it so too,
        # e.g. closed, then reopened), that replay is a change on one
        # side only, and it ends as b has it with no merge line
        replay = (replayed_fields(a, p), replayed_fields(b, p)) if mode == "rebase" else None
        kind = check_ticket(p, o, ta.get(p, o), tb.get(p, o), f, replay)
        STATS[kind] += 1
        if p not in base and p in ta and p in tb and ta[p] != tb[p]:
            STATS["add/add"] += 1
        if kind == "conflict":
            conflicted.add(ticket_id(p))
    extra = set(final) - set(ta) - set(tb) - set(base)
    if extra:
        raise Failure("tickets from nowhere: %s" % sorted(extra))
    # check reports each ticket tagged conflict, and nothing else
    rc, out, err = run([sssctl, "check"], a.d, ok=False)
    errs = [ln for ln in err.split("\n") if ln.strip()]
    bad = [ln for ln in errs if "tagged conflict" not in ln
           or not any(t in ln for t in conflicted)]
    missing = [t for t in sorted(conflicted) if not any(t in ln for ln in errs)]
    if bad or missing or (rc == 0) != (not conflicted):
        raise Failure("sssctl check exited %d; tickets tagged conflict: %s; "
                      "not reported: %s\n%s%s" % (rc, sorted(conflicted) or "none",
                                                  missing or "none", out, err))


def check_ticket(p, o, a, b, f, replay=None):
    """Check the final text f of ticket p against base o and sides a, b
    (o None: added on the sides). Returns what the merge had to do:
    "same" (a side's file), "merged" (both sides changed it) or "conflict"
    (both changed a section: the ticket must then be tagged conflict)."""
    if a == b or a == o or b == o:
        want = b if a == o else a
        if f != want:
            raise Failure("%s: one side's change, so the file should be that side's:\n"
                          "--- want\n%s\n--- got\n%s" % (p, want, f))
        return "same"
    empty = ({}, [])
    (fo, so), (fa, sa), (fb, sb), (ff, sf) = (
        parse(o) if o else empty, parse(a), parse(b), parse(f))
    log_f = worklog(sf)
    merge_lines = [e for e in log_f if re.match(r"^- \S+ \S+ merge: ", e)]
    check_worklog(p, worklog(so), worklog(sa), worklog(sb), log_f, merge_lines)
    check_fields(p, fo, fa, fb, ff, merge_lines, replay)
    check_ticks(p, checklist(so), checklist(sa), checklist(sb), checklist(sf))
    conflict = check_sections(p, so, sa, sb, sf)
    tags = ff.get("tags", frozenset())
    if conflict and "conflict" not in tags:
        raise Failure("%s: both sides changed a section, but no tag conflict" % p)
    if not conflict and "conflict" in tags and "conflict" not in (
            fa.get("tags", frozenset()) | fb.get("tags", frozenset())):
        raise Failure("%s: tagged conflict, but no section changed on both sides" % p)
    return "conflict" if conflict else "merged"


def check_worklog(p, lo, la, lb, lf, merge_lines):
    for e in set(lo) | set(la) | set(lb):
        n = lf.count(e)
        if n != 1:
            raise Failure("%s: work-log entry %r is there %d times:\n%s"
                          % (p, e, n, "\n".join(lf)))
    stray = [e for e in lf if e not in la and e not in lb and e not in lo
             and e not in merge_lines]
    if stray:
        raise Failure("%s: work-log entries from nowhere: %r" % (p, stray))
    times = [e[2:18] for e in lf]
    if times != sorted(times):
        raise Failure("%s: the work log is not in time order:\n%s" % (p, "\n".join(lf)))


def named_lost(field, value, merge_lines):
    pre = "merge: %s %s →" % (field, value)
    return any(pre in e for e in merge_lines)


def check_fields(p, fo, fa, fb, ff, merge_lines, replay=None):
    upd = max(fa.get("updated", ""), fb.get("updated", ""))
    if ff.get("updated") != upd:
        raise Failure("%s: updated is %s, want the later %s" % (p, ff.get("updated"), upd))
    for k in sorted(set(fo) | set(fa) | set(fb)):
        if k in SKIP_FIELDS:
            continue
        vo, va, vb, vf = fo.get(k), fa.get(k), fb.get(k), ff.get(k)
        if k in LIST_FIELDS:
            so, sa, sb = vo or frozenset(), va or frozenset(), vb or frozenset()
            want = {x for x in sa | sb if (x in sa and x in sb) or x not in so}
            got = set(vf or ()) - {"conflict"}
            want.discard("conflict")
            if got != want:
                raise Failure("%s: %s is %s, want the set merge %s (base %s, a %s, b %s)"
                              % (p, k, sorted(got), sorted(want), sorted(so),
                                 sorted(sa), sorted(sb)))
            continue
        for side, v, other in (("a", va, vb), ("b", vb, va)):
            if v == vo or v == vf:
                continue
            if v is not None and named_lost(k, v, merge_lines):
                continue
            froms = replay[1 if side == "a" else 0] if replay else {}
            if k in froms and froms[k] == v and vf == other:
                continue
            raise Failure("%s: %s's %s = %r is lost: the ticket has %r and no "
                          "merge: line names it (base %r)\n%s"
                          % (p, side, k, v, vf, vo, "\n".join(merge_lines)))
        if va == vo and vb == vo and vf != vo:
            raise Failure("%s: %s changed to %r, no side changed it" % (p, k, vf))


def check_ticks(p, co, ca, cb, cf):
    for item in set(ca) | set(cb):
        if item not in cf:
            raise Failure("%s: checklist item %r is gone" % (p, item))
        if (ca.get(item) or cb.get(item)) and not cf[item]:
            raise Failure("%s: item %r was ticked on a side, is not" % (p, item))


def check_sections(p, so, sa, sb, sf):
    conflict = False
    heads = [h for h, _ in sa + sb if h not in ("作業記録", "チェックリスト")]
    for h in dict.fromkeys(heads):
        to, ta, tb, tf = (section(x, h) for x in (so, sa, sb, sf))
        if tf is None:
            raise Failure("%s: section %s is gone" % (p, h))
        if ta == tb or tb == to:
            want = ta
        elif ta == to:
            want = tb
        else:
            conflict = True
            for side, t in (("a", ta), ("b", tb)):
                if t and t not in tf:
                    raise Failure("%s: both sides changed ## %s; %s's text is lost:\n"
                                  "--- %s\n%s\n--- final\n%s" % (p, h, side, side, t, tf))
            continue
        if tf != want:
            raise Failure("%s: ## %s should be %r, is %r" % (p, h, want, tf))
    return conflict


# ---- the run ------------------------------------------------------------------

def work_parent():
    """Where the histories run: PROPERTY_TMPDIR, else /dev/shm when it is a
    writable directory (a tmpfs: the commits' fsyncs and the copies cost
    nothing, which makes the run about twice as fast), else TMPDIR."""
    d = os.environ.get("PROPERTY_TMPDIR")
    if d:
        return d
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
        return "/dev/shm"
    return os.environ.get("TMPDIR", "/tmp")


def run_mode(sssctl, mode, count, seed, first, work, tpl, base, generated):
    """count histories in mode, TAP lines numbered from first; returns
    (lines printed, batches failed)."""
    for k in STATS:
        STATS[k] = 0
    print("# %s: %d histories, seeds %d..%d (PROPERTY_SEED=%d)"
          % (mode, count, seed, seed + count - 1, seed))
    t0 = time.time()
    n = failed = 0
    for lo in range(0, count, 10):
        hi = min(count, lo + 10)
        n += 1
        bad = []
        for i in range(lo, hi):
            try:
                history(sssctl, mode, tpl, base, generated, work, seed + i)
            except Failure as e:
                bad.append((seed + i, e))
        if not bad:
            print("ok %d - %s: histories %d-%d (seeds %d..%d)"
                  % (first + n, mode, lo + 1, hi, seed + lo, seed + hi - 1))
            continue
        failed += 1
        print("not ok %d - %s: histories %d-%d: %d failed, seeds %s"
              % (first + n, mode, lo + 1, hi, len(bad), " ".join(str(s) for s, _ in bad)))
        for s, e in bad:
            print("# seed %d (PROPERTY_MODE=%s PROPERTY_SEED=%d PROPERTY_COUNT=1; kept in %s):"
                  % (s, mode, s, getattr(e, "dir", work)))
            for op in getattr(e, "ops", []):
                print("#   " + op.replace("\n", "\\n"))
            for ln in str(e).split("\n"):
                print("#   | " + ln)
        sys.stdout.flush()
    print("# %s: %d histories in %.1f s; tickets both sides changed: %d merged, "
          "%d with a section changed on both (tagged conflict); %d generated on "
          "both sides and changed" % (mode, count, time.time() - t0, STATS["merged"],
                                      STATS["conflict"], STATS["add/add"]))
    sys.stdout.flush()
    return n, failed


def main():
    sssctl = os.environ.get("SSSCTL")
    if not sssctl:
        print("Bail out! SSSCTL must name the sssctl binary")
        return 1
    sssctl = os.path.abspath(sssctl)
    count = int(os.environ.get("PROPERTY_COUNT", "300"))
    git_count = int(os.environ.get("PROPERTY_GIT_COUNT", "20"))
    seed = int(os.environ.get("PROPERTY_SEED") or random.SystemRandom().randrange(1, 10**6))
    mode = os.environ.get("PROPERTY_MODE", "auto")
    # auto: sync, then a few of the same histories through plain git
    # (merge and rebase) and the merge driver
    if mode == "auto":
        runs = [("sync", count), ("merge", git_count), ("rebase", git_count)]
    elif mode in ("sync", "merge", "rebase"):
        runs = [(mode, count)]
    else:
        print("Bail out! PROPERTY_MODE must be auto, sync, merge or rebase, not %r" % mode)
        return 1
    runs = [(m, c) for m, c in runs if c > 0]
    n = failed = 0
    work = tempfile.mkdtemp(prefix="sss-property-", dir=work_parent())
    tpl = None
    for m, c in runs:
        need = "sync" if m == "sync" else "merge-file"
        if not has_command(sssctl, need):
            n += 1
            failed += 1
            print("not ok %d - %s: this sssctl has no %s command" % (n, m, need))
            continue
        if tpl is None:
            tpl, base, generated = make_template(sssctl, work)
        k, f = run_mode(sssctl, m, c, seed, n, work, tpl, base, generated)
        n += k
        failed += f
    print("1..%d" % n)
    if not failed and os.environ.get("PROPERTY_KEEP") != "1":
        shutil.rmtree(work)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
