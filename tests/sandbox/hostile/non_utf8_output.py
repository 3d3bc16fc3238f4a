import sys

sys.stdout.buffer.write(b"\xff\xfe\xfd caf\xe9\n")
