/**
 * OpenMP fork mode ({@code wabric run --omp=fork}): every thread of a team runs in its own instance over a private
 * flat memory ({@code TrackedMemory}) that starts from a snapshot of the master's memory taken at
 * {@code __kmpc_fork_call}; threads exchange their writes as byte diffs and written pages at synchronisation points,
 * release-consistency style, through the team's home memory (a copy-on-write memory that only merges run on).
 *
 * <pre>
 *   fork      S = master.snapshot(); home = fork(S); every thread's memory = restore(S), base = S
 *   acquire   (lock, critical, libc lock, ordered): publish own diff(base, memory) into home; memory = home
 *   release   (unlock, end critical, end ordered): publish own diff into home; base = memory
 *   barrier   every thread snapshots its written pages; the last to arrive merges them into home, detecting
 *             bytes that two threads changed to different values (a data race); every thread continues from
 *             home, copying in the pages others changed
 *   join      as a barrier, then the master continues from home
 * </pre>
 *
 * <p>This is the mechanism that will put threads on other hosts: only diffs cross between threads.
 */
package io.wabric.openmp.fork;
