# Every process forks for ever. Contained by RLIMIT_NPROC (per slot uid or per user namespace)
# and the time limit; everything dies with the PID namespace or the slot uid's cleanup.
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
