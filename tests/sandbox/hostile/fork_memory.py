# Forks children that each hold just under the per-process address-space limit (256 MiB in
# the test), so no allocation is refused, but together they hold 800 MiB, past the run's
# memory limit (512 MiB): the memory cgroup's OOM killer fires. Without a memory cgroup every
# child gets its memory and the program prints "ready 4 killed 0".
import os
import select

CHILDREN = 4
BLOCK = 200 << 20

ready_r, ready_w = os.pipe()
release_r, release_w = os.pipe()
pids = []
for _ in range(CHILDREN):
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        os.close(release_w)
        block = b"x" * BLOCK  # written, so resident
        os.write(ready_w, b"r")
        os.read(release_r, 1)  # holds the block until the parent lets go
        os._exit(0)
    pids.append(pid)
os.close(ready_w)
os.close(release_r)

# Until every child holds its block, or one of them has died (killed before it was ready).
ready = 0
statuses = {}
while ready < CHILDREN and not statuses:
    if select.select([ready_r], [], [], 0.02)[0]:
        ready += len(os.read(ready_r, 16))
    pid, status = os.waitpid(-1, os.WNOHANG)
    if pid:
        statuses[pid] = status
os.close(release_w)
for pid in pids:
    if pid not in statuses:
        statuses[pid] = os.waitpid(pid, 0)[1]
killed = sum(os.WIFSIGNALED(s) and os.WTERMSIG(s) == 9 for s in statuses.values())
print("ready", ready, "killed", killed)
