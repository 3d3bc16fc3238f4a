# Tries to write outside the scratch /tmp. HOST_PATH is replaced by the test with a path in
# the runner's own temporary directory.
import errno


def attempt(name, path, size=1):
    try:
        with open(path, "wb") as f:
            f.write(b"x" * size)
        print(name, "ok")
    except OSError as e:
        print(name, errno.errorcode.get(e.errno, e.errno))


attempt("work", "/work/escaped")
attempt("usr", "/usr/escaped")
attempt("root", "/escaped")
attempt("host", "HOST_PATH")
attempt("tmp", "/tmp/scratch")
attempt("big", "/tmp/big", 64 * 1024 * 1024)
