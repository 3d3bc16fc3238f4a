# Closes its standard streams, then hangs: the runner must not mistake end of file for exit.
import os
import time

os.close(0)
os.close(1)
os.close(2)
time.sleep(1000)
