package io.wabric.mpi.p2p;

import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.error.MpiError;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One rank's matching queues: receives posted before their message, and messages that arrived before their
 * receive, both in arrival order, which gives MPI's non-overtaking rule. Many senders to one receiver: every
 * method holds the mailbox's lock only to search and link (and for an eager message, to copy it in); a posted
 * receive is filled outside it.
 *
 * <p>Small eager messages from ranks of this JVM arrive through one {@link OneToOneMessageRing} per sender
 * instead, without the lock: the receiving side drains the rings ({@link #poll}, and every method here that
 * matches) into the same queues, under the lock, so receives still match in arrival order. A sender that goes
 * through the lock itself (a large or synchronous message, a full ring, or a thread other than the rank's own)
 * drains the rings first, so its earlier ring messages are matched before the new one (non-overtaking).
 *
 * <p>The envelopes of unexpected messages and their eager copies are recycled here, under the same lock, so
 * steady-state traffic allocates nothing: the receiver gives an envelope back with {@link #recycle} once it has
 * copied the data out.
 */
public final class Mailbox
{
    /** Offset of the parked-waiter count in its buffer: a cache line of its own, read by every ring sender. */
    static final int PARKED_OFFSET = 64;
    private static final int SPARE_MESSAGES = 64;
    private static final OneToOneMessageRing[] NO_RINGS = new OneToOneMessageRing[0];

    private final OneToOneMessageRing[] ringsBySource;
    private final UnsafeBuffer parkedThreads = new UnsafeBuffer(BufferUtil.allocateDirectAligned(3 * 64, 64));
    private volatile OneToOneMessageRing[] rings = NO_RINGS;
    private final List<Request> posted = new ArrayList<>();
    private final List<Message> unexpected = new ArrayList<>();
    private final Message[] spareMessages = new Message[SPARE_MESSAGES];
    private final EagerBufferPool eagerBuffers = new EagerBufferPool(MatchRules.EAGER_LIMIT_BYTES);
    private int spareMessageCount;
    private volatile Waiter owner;

    /**
     * @param worldSize the number of ranks in the job, each a possible ring sender.
     */
    public Mailbox(final int worldSize)
    {
        ringsBySource = new OneToOneMessageRing[worldSize];
    }

    /**
     * @param owner the receiving rank's thread, woken when a message arrives.
     */
    public void owner(final Waiter owner)
    {
        this.owner = owner;
    }

    /**
     * Matches an outgoing message with a posted receive, or queues it: an eager copy when small, else a reference
     * to the sender's data.
     *
     * @return the matched receive, removed from the posted queue; {@code null} when the message was queued.
     */
    Request offer(final int contextId, final int source, final int tag, final DataRef data, final boolean eager,
        final Request sendRequest)
    {
        synchronized (this)
        {
            drainRings();
            final Request receive = takePosted(contextId, source, tag);
            if (receive != null)
            {
                return receive;
            }
            final int length = data.byteLength();
            if (eager)
            {
                final byte[] copy = eagerBuffers.acquire(length);
                data.pack(copy, 0);
                unexpected.add(newMessage().init(contextId, source, tag, length, copy, true, null, null, null));
            }
            else
            {
                unexpected.add(newMessage().init(contextId, source, tag, length, null, false, data, sendRequest,
                    null));
            }
        }
        wakeOwner();
        return null;
    }

    /**
     * Matches a message that arrived from another process with a posted receive, or queues a copy of it.
     *
     * @param owned true when {@code buffer.byteArray()} holds the message from index 0 and may be kept: it is kept
     *              (no copy) when {@link #keepsOwned} says so, else copied into a pooled eager buffer so the
     *              transport can reuse its array.
     * @param ack   for a synchronous send, what to send back once matched; else {@code null}.
     * @return the matched receive, removed from the posted queue (the caller copies the data into it);
     *         {@code null} when the message was queued.
     */
    Request offerRemote(final int contextId, final int source, final int tag, final DirectBuffer buffer,
        final int offset, final int length, final boolean owned, final SyncAck ack)
    {
        synchronized (this)
        {
            final Request receive = takePosted(contextId, source, tag);
            if (receive != null)
            {
                return receive;
            }
            final boolean keep = owned && keepsOwned(length);
            final boolean pooled = !keep && eagerBuffers.pools(length);
            final byte[] copy = keep ? buffer.byteArray() : pooled ? eagerBuffers.acquire(length) : new byte[length];
            if (!keep)
            {
                buffer.getBytes(offset, copy, 0, length);
            }
            unexpected.add(newMessage().init(contextId, source, tag, length, copy, pooled, null, null, ack));
        }
        wakeOwner();
        return null;
    }

    /**
     * Takes the receive a long message from another process matches when its first chunk arrives, if that receive
     * can take the chunks as they come: its buffer is one contiguous run of at least {@code length} bytes. Otherwise
     * (no match yet, a derived datatype, a buffer too short) the receive stays posted and the message is offered
     * whole, through {@link #offerRemote}, once reassembled.
     *
     * @return the matched receive, removed from the posted queue; {@code null} when none can stream.
     */
    synchronized Request takePostedForStream(final int contextId, final int source, final int tag, final int length)
    {
        for (int i = 0; i < posted.size(); i++)
        {
            final Request receive = posted.get(i);
            if (receive.matches(contextId, source, tag))
            {
                final DataRef buffer = receive.buffer();
                if (buffer.contiguousArray() == null || buffer.byteLength() < length)
                {
                    return null;
                }
                posted.remove(i);
                return receive;
            }
        }
        return null;
    }

    /**
     * Matches a receive with the earliest queued message, or posts it.
     *
     * @return the matched message, removed (give it back with {@link #recycle} once its data is copied out);
     *         {@code null} when the receive was posted.
     */
    synchronized Message post(final Request receive)
    {
        final int index = find(receive);
        if (index >= 0)
        {
            return unexpected.remove(index);
        }
        posted.add(receive);
        if (rings.length > 0)
        {
            drainRings();
        }
        return null;
    }

    /**
     * Gives back the envelope of a matched message, and its eager buffer, once the receiver has copied it out.
     *
     * @param message from {@link #post}, not used afterwards.
     */
    synchronized void recycle(final Message message)
    {
        if (message.pooledEager)
        {
            eagerBuffers.release(message.eager);
        }
        message.clear();
        if (spareMessageCount < SPARE_MESSAGES)
        {
            spareMessages[spareMessageCount++] = message;
        }
    }

    /**
     * Fills a probe's status from the earliest queued message a receive with its pattern would match, leaving the
     * message in place.
     *
     * @param pattern a receive pattern, completed with the message's source, tag and length when one matches.
     * @return whether a message matched.
     */
    synchronized boolean probe(final Request pattern)
    {
        drainRings();
        final int index = find(pattern);
        if (index < 0)
        {
            return false;
        }
        final Message message = unexpected.get(index);
        pattern.complete(message.source, message.tag, message.length, MpiError.SUCCESS, "");
        return true;
    }

    /**
     * @param lengthBytes a message's length.
     * @return whether an unexpected message from another process keeps the transport's reassembly array (too long
     *         for the eager pools) rather than a pooled copy.
     */
    static boolean keepsOwned(final int lengthBytes)
    {
        return lengthBytes > MatchRules.EAGER_LIMIT_BYTES;
    }

    private Request takePosted(final int contextId, final int source, final int tag)
    {
        for (int i = 0; i < posted.size(); i++)
        {
            final Request receive = posted.get(i);
            if (receive.matches(contextId, source, tag))
            {
                posted.remove(i);
                return receive;
            }
        }
        return null;
    }

    private Message newMessage()
    {
        if (spareMessageCount == 0)
        {
            return new Message();
        }
        final Message message = spareMessages[--spareMessageCount];
        spareMessages[spareMessageCount] = null;
        return message;
    }

    private void wakeOwner()
    {
        final Waiter receiver = owner;
        if (receiver != null)
        {
            receiver.wake();
        }
    }

    private int find(final Request pattern)
    {
        for (int i = 0; i < unexpected.size(); i++)
        {
            final Message message = unexpected.get(i);
            if (pattern.matches(message.contextId, message.source, message.tag))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return messages queued without a receive, for diagnostics.
     */
    public synchronized int unexpectedCount()
    {
        drainRings();
        return unexpected.size();
    }

    /**
     * The ring from a rank of this JVM to this mailbox's rank, made on first use. Only that sender's thread offers
     * into it.
     *
     * @param sourceWorldRank the sending rank.
     * @return the ring.
     */
    synchronized OneToOneMessageRing ringFrom(final int sourceWorldRank)
    {
        OneToOneMessageRing ring = ringsBySource[sourceWorldRank];
        if (ring == null)
        {
            ring = new OneToOneMessageRing(this, parkedThreads, sourceWorldRank);
            ringsBySource[sourceWorldRank] = ring;
            final OneToOneMessageRing[] grown = Arrays.copyOf(rings, rings.length + 1);
            grown[grown.length - 1] = ring;
            rings = grown;
        }
        return ring;
    }

    /**
     * Matches the messages waiting in this rank's rings, if any: receives they match complete, the rest queue as
     * unexpected. Any thread waiting for this rank calls it while it spins; it takes the lock only when a ring has
     * a message.
     *
     * @return the number of messages drained.
     */
    public int poll()
    {
        final OneToOneMessageRing[] all = rings;
        for (final OneToOneMessageRing ring : all)
        {
            if (ring.pending())
            {
                final int drained;
                synchronized (this)
                {
                    drained = drainRings();
                }
                wakeOwner();
                return drained;
            }
        }
        return 0;
    }

    /**
     * Announces a thread about to park waiting for this rank (+1) or running again (-1), so ring senders know to
     * wake it. After +1 the thread must {@link #poll} and re-check its condition before parking.
     *
     * @param delta +1 or -1.
     */
    public void parking(final int delta)
    {
        parkedThreads.getAndAddInt(PARKED_OFFSET, delta);
    }

    /**
     * Drains the rings on behalf of a sender that found a waiter parked, completing the receives its messages
     * match (which wakes their waiters) and waking the owner for the rest (a probe).
     */
    void drainAndWake()
    {
        synchronized (this)
        {
            drainRings();
        }
        wakeOwner();
    }

    /**
     * One message from a ring, under the lock: fills the earliest matching posted receive, else queues an eager
     * copy.
     */
    void onRingMessage(final int contextId, final int source, final int tag, final DirectBuffer buffer,
        final int offset, final int length)
    {
        final Request receive = takePosted(contextId, source, tag);
        if (receive != null)
        {
            PointToPoint.deliverRemote(buffer, offset, length, source, tag, receive);
            return;
        }
        final byte[] copy = eagerBuffers.acquire(length);
        buffer.getBytes(offset, copy, 0, length);
        unexpected.add(newMessage().init(contextId, source, tag, length, copy, true, null, null, null));
    }

    private int drainRings()
    {
        int drained = 0;
        for (final OneToOneMessageRing ring : rings)
        {
            drained += ring.drain(this);
        }
        return drained;
    }
}
