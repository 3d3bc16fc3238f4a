# Allocates without end; RLIMIT_AS turns it into a MemoryError.
blocks = []
while True:
    blocks.append(bytearray(16 * 1024 * 1024))
