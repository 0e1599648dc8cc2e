/**
 * Copy-on-write paged linear memory: 64 KiB pages shared with immutable snapshots until first written, so a
 * snapshot or a fork is O(pages) pointer work and the pages a fork wrote are known for free.
 */
package io.wabric.snapshot.memory;
