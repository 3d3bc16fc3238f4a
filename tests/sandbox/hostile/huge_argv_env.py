# Tries to exec with 40 MiB of arguments and 8 MiB of environment, each string far beyond the
# kernel's 128 KiB per-string limit.
import errno
import os

big = "x" * (1 << 20)
try:
    os.execve("/usr/bin/python3", ["python3", "-c", "print('exec ran')"] + [big] * 40,
              {"BIG": big * 8})
except OSError as e:
    print(errno.errorcode.get(e.errno, e.errno))
