# Tries to hold memory outside its address space in System V shared memory: segments stay
# allocated after they are detached, so RLIMIT_AS does not count them. seccomp refuses the
# calls (EPERM).
import ctypes
import errno

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmdt.argtypes = [ctypes.c_void_p]
IPC_PRIVATE, IPC_CREAT = 0, 0o1000
SEGMENT = 128 << 20
held = 0
for _ in range(4):
    shmid = libc.shmget(IPC_PRIVATE, ctypes.c_size_t(SEGMENT), IPC_CREAT | 0o600)
    if shmid < 0:
        print("shmget", errno.errorcode.get(ctypes.get_errno(), ctypes.get_errno()))
        break
    address = libc.shmat(shmid, None, 0)
    if address in (None, ctypes.c_void_p(-1).value):
        print("shmat", errno.errorcode.get(ctypes.get_errno(), ctypes.get_errno()))
        break
    ctypes.memset(address, 1, SEGMENT)
    libc.shmdt(ctypes.c_void_p(address))
    held += SEGMENT >> 20
print("held", held, "MiB")
