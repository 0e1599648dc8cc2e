package io.wabric.mpi.p2p;

import io.wabric.mpi.datatype.DataRef;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

/**
 * The "fastbox" from one rank to another in the same JVM: a single-producer, single-consumer ring of fixed slots
 * that carries small eager messages (at most {@link #MAX_PAYLOAD_BYTES}) without a lock. The sending rank's thread
 * copies the envelope and payload into the next slot and publishes it with a release store of the slot's sequence
 * number; the receiving side polls that number and matches the message in its {@link Mailbox}. A message thus
 * costs about one cache-line transfer, and neither side touches the other's lock, posted-receive queue or request
 * (OpenMPI's shared-memory fastbox works the same way).
 *
 * <p>Concurrency contract: {@link #offer} belongs to the sending rank's own thread only; {@link #drain} may run on
 * any thread but only under the receiving mailbox's lock, which serialises consumers; {@link #pending} may run
 * anywhere. Positions are counted in messages and never wrap in practice (a long).
 *
 * <pre>
 *   slot (SLOT_LENGTH bytes, SLOT_COUNT of them, the first 64-byte aligned)
 *   0          4            8        12    16       20      24                       SLOT_LENGTH
 *   | sequence | context id | source | tag | length | (pad) | payload, length bytes    |
 *
 *   trailer, each field on its own 128 bytes so producer and consumer never share a cache line
 *   | producer position | producer's cache of the consumer position | consumer position |
 * </pre>
 *
 * A slot holding the message at position p has sequence (int)(p + 1); the consumer at position p waits for that
 * value, so stale slots from earlier laps never look ready and slots are never cleared.
 */
public final class OneToOneMessageRing
{
    /** Bytes per slot: one header and a payload, four cache lines. */
    public static final int SLOT_LENGTH = 256;
    /** Slots per ring: how many small messages a sender may have in flight before it falls back to the mailbox. */
    public static final int SLOT_COUNT = 32;
    /** Offset of the payload in a slot. */
    static final int PAYLOAD_OFFSET = 24;
    /** Largest payload that goes through a ring; longer eager messages go through the mailbox. */
    public static final int MAX_PAYLOAD_BYTES = SLOT_LENGTH - PAYLOAD_OFFSET;

    static final int SEQUENCE_OFFSET = 0;
    static final int CONTEXT_ID_OFFSET = 4;
    static final int SOURCE_OFFSET = 8;
    static final int TAG_OFFSET = 12;
    static final int LENGTH_OFFSET = 16;

    private static final int CACHE_LINE_PAD = 128;
    private static final int SLOTS_LENGTH = SLOT_LENGTH * SLOT_COUNT;
    private static final int PRODUCER_POSITION_OFFSET = SLOTS_LENGTH;
    private static final int HEAD_CACHE_OFFSET = SLOTS_LENGTH + CACHE_LINE_PAD;
    private static final int CONSUMER_POSITION_OFFSET = SLOTS_LENGTH + 2 * CACHE_LINE_PAD;
    private static final int TOTAL_LENGTH = SLOTS_LENGTH + 3 * CACHE_LINE_PAD;
    private static final int MASK = SLOT_COUNT - 1;

    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(TOTAL_LENGTH, 64));
    private final byte[] packScratch = new byte[MAX_PAYLOAD_BYTES];
    private final UnsafeBuffer parkedThreads;
    private final Mailbox receiver;
    private final int sourceWorldRank;

    /**
     * @param receiver        the mailbox this ring delivers into (drained under its lock).
     * @param parkedThreads   the receiver's count of parked waiters (an int at {@link Mailbox#PARKED_OFFSET}).
     * @param sourceWorldRank the sending rank, for diagnostics.
     */
    OneToOneMessageRing(final Mailbox receiver, final UnsafeBuffer parkedThreads, final int sourceWorldRank)
    {
        this.receiver = receiver;
        this.parkedThreads = parkedThreads;
        this.sourceWorldRank = sourceWorldRank;
    }

    /**
     * Copies a message into the next slot and publishes it. Only the sending rank's thread calls this.
     *
     * @param contextId the context.
     * @param source    the sender's rank in the communicator.
     * @param tag       the tag.
     * @param data      the data, at most {@link #MAX_PAYLOAD_BYTES} packed bytes.
     * @return false when the ring is full (the caller then goes through the mailbox).
     */
    boolean offer(final int contextId, final int source, final int tag, final DataRef data)
    {
        final UnsafeBuffer ring = buffer;
        final long position = ring.getLong(PRODUCER_POSITION_OFFSET);
        if (position - ring.getLong(HEAD_CACHE_OFFSET) >= SLOT_COUNT)
        {
            final long consumed = ring.getLongVolatile(CONSUMER_POSITION_OFFSET);
            ring.putLong(HEAD_CACHE_OFFSET, consumed);
            if (position - consumed >= SLOT_COUNT)
            {
                return false;
            }
        }
        final int slot = ((int)position & MASK) * SLOT_LENGTH;
        final int length = data.byteLength();
        ring.putInt(slot + CONTEXT_ID_OFFSET, contextId);
        ring.putInt(slot + SOURCE_OFFSET, source);
        ring.putInt(slot + TAG_OFFSET, tag);
        ring.putInt(slot + LENGTH_OFFSET, length);
        if (length > 0)
        {
            final byte[] array = data.contiguousArray();
            if (array != null)
            {
                ring.putBytes(slot + PAYLOAD_OFFSET, array, data.contiguousOffset(), length);
            }
            else
            {
                data.pack(packScratch, 0);
                ring.putBytes(slot + PAYLOAD_OFFSET, packScratch, 0, length);
            }
        }
        ring.putIntRelease(slot + SEQUENCE_OFFSET, (int)(position + 1));
        ring.putLong(PRODUCER_POSITION_OFFSET, position + 1);
        return true;
    }

    /**
     * After an {@link #offer}: makes sure a thread parked waiting for the receiving rank sees the message, by
     * draining this ring into the mailbox (completing the matched receive, which wakes its waiter) when any is
     * parked. Dekker-style with {@link Mailbox#parking}: the waiter counts itself and then re-checks the rings;
     * this side publishes the slot and then reads the count, with a full fence between, so one of the two sees
     * the other.
     */
    void wakeReceiver()
    {
        VarHandle.fullFence();
        if (parkedThreads.getIntVolatile(Mailbox.PARKED_OFFSET) != 0)
        {
            receiver.drainAndWake();
        }
    }

    /**
     * @return whether a published message waits at the consumer position; a hint when called without the lock.
     */
    boolean pending()
    {
        final UnsafeBuffer ring = buffer;
        final long position = ring.getLongVolatile(CONSUMER_POSITION_OFFSET);
        return ring.getIntVolatile(((int)position & MASK) * SLOT_LENGTH + SEQUENCE_OFFSET) == (int)(position + 1);
    }

    /**
     * Hands every published message, in order, to the mailbox, then frees their slots. Call only under the
     * receiving mailbox's lock.
     *
     * @param into the receiving mailbox.
     * @return the number of messages drained.
     */
    int drain(final Mailbox into)
    {
        final UnsafeBuffer ring = buffer;
        final long first = ring.getLong(CONSUMER_POSITION_OFFSET);
        long position = first;
        while (true)
        {
            final int slot = ((int)position & MASK) * SLOT_LENGTH;
            if (ring.getIntVolatile(slot + SEQUENCE_OFFSET) != (int)(position + 1))
            {
                break;
            }
            into.onRingMessage(ring.getInt(slot + CONTEXT_ID_OFFSET), ring.getInt(slot + SOURCE_OFFSET),
                ring.getInt(slot + TAG_OFFSET), ring, slot + PAYLOAD_OFFSET, ring.getInt(slot + LENGTH_OFFSET));
            position++;
        }
        if (position != first)
        {
            ring.putLongRelease(CONSUMER_POSITION_OFFSET, position);
        }
        return (int)(position - first);
    }

    /**
     * @return the sending rank's world rank.
     */
    int sourceWorldRank()
    {
        return sourceWorldRank;
    }
}
