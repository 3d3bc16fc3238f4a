# Answers correctly after starting a daemon: double fork, new session, standard streams kept
# open (so the runner's pipes stay open too).
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(1000)
    os._exit(0)
os.wait()
print(input())
