# enumerate.awk - the injection points of one strace log (strace -f -o).
#
# strace counts the invocations of each system call per tracee (process
# or thread), and `inject=NAME:when=K` fails the K-th one in every tracee
# that reaches it. This prints "NAME K" for each K at which some tracee
# makes a write-side call: openat only when it has O_CREAT, the others
# always. A call that strace splits into "<unfinished ...>" and
# "<... resumed>" is counted once, on its first line.
{
	if (!match($0, /^[0-9]+ +[a-z0-9_]+\(/))
		next
	pid = $1
	name = $2
	sub(/\(.*/, "", name)
	if (!(name in want))
		next
	k = ++count[pid, name]
	if (name == "openat" && $0 !~ /O_CREAT/)
		next
	if (!((name, k) in seen)) {
		seen[name, k] = 1
		print name, k
	}
}
BEGIN {
	n = split(names, list, ",")
	for (i = 1; i <= n; i++)
		want[list[i]] = 1
}
