# Answers correctly but leaves a child sleeping for ever.
import os
import time

if os.fork() == 0:
    time.sleep(1000)
    os._exit(0)
print(input())
