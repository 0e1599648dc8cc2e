/**
 * Snapshots, forks and diffs of guest linear memory: the mechanism under pre-initialised starts, OpenMP across
 * hosts and migration. Sub-packages are cut by concept: {@code memory} (copy-on-write pages), {@code diff} (changed
 * byte runs), {@code wire} (their binary encoding), {@code merge} (combining several forks' diffs), {@code file}
 * (snapshots on disk) and {@code host} (the guest's {@code __faasm_sm_reduce}).
 */
package io.wabric.snapshot;
