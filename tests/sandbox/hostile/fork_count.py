# Forks sleeping children until the kernel refuses, then prints how many it got: the
# process limit (16 in the test) minus the program itself.
import os
import time

count = 0
for _ in range(1000):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(1000)
        os._exit(0)
    count += 1
print(count)
