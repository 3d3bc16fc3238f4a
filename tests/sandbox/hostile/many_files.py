# Creates empty files in the scratch /tmp until refused. Empty files take no space, so only
# the tmpfs's inode count stops them; each inode is kernel memory no rlimit counts.
import errno
import os

count = 0
try:
    while count < 10_000_000:
        os.mknod("/tmp/f%d" % count)
        count += 1
    print("not refused")
except OSError as e:
    print(errno.errorcode.get(e.errno, e.errno), count <= 4096)
