# Tries to read files it has no business reading. PROJECT_FILE is replaced by the test with
# a file of the ponder checkout.
import os


def attempt(name, path):
    try:
        with open(path, "rb") as f:
            f.read(1)
        print(name, "READ")
    except OSError as e:
        print(name, type(e).__name__)


attempt("passwd", "/etc/passwd")
attempt("shadow", "/etc/shadow")
attempt("project", "PROJECT_FILE")
attempt("proc", "/proc/self/environ")
attempt("dotdot", "/work/../../etc/passwd")
print("home", os.path.exists("/home"), "root", os.path.exists("/root"))
