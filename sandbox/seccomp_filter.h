// The seccomp filter every sandboxed process runs under, compiled once to BPF.
//
// Default: allow. Refused with EPERM: sockets other than AF_UNIX (no network even where the
// network namespace is missing), io_uring (it can open sockets and files behind seccomp's
// back), namespace and mount calls (unshare, setns, mount, pivot_root, the new mount API,
// clone with any CLONE_NEW* flag), ptrace and process_vm_*, keyrings, bpf, perf events,
// userfaultfd, module loading, kexec, reboot, swap, clock and time setting, syslog, acct,
// file handles, System V IPC (a shared memory segment keeps its memory after it is detached,
// where no rlimit counts it, and without an IPC namespace it outlives the run). clone3
// answers ENOSYS (its flags sit in memory a filter cannot read), so glibc falls back to
// clone, whose flags the filter can check. Other architectures' system calls (x32, i386)
// kill the process.
#pragma once

#include <linux/filter.h>

#include <vector>

#include "search/base/status.h"

namespace ponder::sandbox {

// The filter's BPF instructions, ready for prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ...),
// which a freshly cloned child can call without allocating.
StatusOr<std::vector<sock_filter>> BuildSeccompFilter();

}  // namespace ponder::sandbox
