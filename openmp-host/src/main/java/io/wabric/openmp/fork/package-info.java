/**
 * OpenMP fork mode ({@code wabric run --omp=fork}): every thread of a team runs in its own instance over a
 * copy-on-write fork of the master's memory, taken at {@code __kmpc_fork_call}; threads exchange their writes as
 * byte diffs at synchronisation points, release-consistency style, through the team's home memory.
 *
 * <pre>
 *   fork      S = master.snapshot(); home = fork(S); every thread's memory = fork(S), base = S
 *   acquire   (lock, critical, libc lock, ordered): publish own diff(base, memory) into home; memory = home
 *   release   (unlock, end critical, end ordered): publish own diff into home; base = memory
 *   barrier   every thread diffs; the last to arrive merges all diffs into home, detecting bytes that two
 *             threads changed to different values (a data race); every thread continues from home
 *   join      as a barrier, then the master continues from home
 * </pre>
 *
 * <p>This is the mechanism that will put threads on other hosts: only diffs cross between threads.
 */
package io.wabric.openmp.fork;
