/**
 * Point-to-point messaging between ranks in one JVM: matching with tags, wildcards and the non-overtaking rule,
 * per-pair lock-free rings for small messages, eager and rendezvous protocols, and requests.
 */
package io.wabric.mpi.p2p;
