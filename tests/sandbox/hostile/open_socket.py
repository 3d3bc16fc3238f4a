# Local sockets work; network ones must not: seccomp refuses them (EPERM), and the network
# namespace has no route (ENETUNREACH) and no IPv6 address (EADDRNOTAVAIL) where seccomp
# is off.
import errno
import socket

a, b = socket.socketpair()
a.send(b"x")
print("unix", b.recv(1).decode())
for family, address in ((socket.AF_INET, ("1.1.1.1", 80)), (socket.AF_INET6, ("2606:4700:4700::1111", 80))):
    try:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(2)
        s.connect(address)
        print("CONNECTED")
    except OSError as e:
        print(errno.errorcode.get(e.errno, e.errno))
