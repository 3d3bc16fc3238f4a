# Tries to signal the runner (RUNNER_PID is replaced by the test with its own pid), its
# parent, and every process it may reach.
import errno
import os
import signal


def attempt(name, pid, sig):
    try:
        os.kill(pid, sig)
        print(name, "sent")
    except OSError as e:
        print(name, errno.errorcode.get(e.errno, e.errno))


attempt("runner", RUNNER_PID, signal.SIGTERM)
print("ppid is runner", os.getppid() == RUNNER_PID)
attempt("everyone", -1, signal.SIGKILL)
