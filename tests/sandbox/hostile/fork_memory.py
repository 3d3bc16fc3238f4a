# Forks children that each hold just under the per-process address-space limit (256 MiB in
# the test), so no allocation is refused, but together they hold 800 MiB, past the run's
# memory limit (512 MiB): the memory cgroup's OOM killer fires. Without a memory cgroup every
# child gets its memory and the program prints "ready 4 killed 0".
import os
import select
import time

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

# Until every child holds its block (end of file: they all ended), for at most 0.6 s.
ready = 0
deadline = time.monotonic() + 0.6
while ready < CHILDREN and time.monotonic() < deadline:
    if select.select([ready_r], [], [], max(0.0, deadline - time.monotonic()))[0]:
        got = os.read(ready_r, 16)
        if not got:
            break
        ready += len(got)
os.close(release_w)
killed = 0
for pid in pids:
    _, status = os.waitpid(pid, 0)
    killed += os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9
print("ready", ready, "killed", killed)
