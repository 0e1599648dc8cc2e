package io.wabric.mpi.p2p;

import io.wabric.mpi.datatype.DataRef;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One rank's matching queues: receives posted before their message, and messages that arrived before their
 * receive, both in arrival order, which gives MPI's non-overtaking rule. Many senders to one receiver: every
 * method holds the mailbox's lock only to search and link; data is copied outside it.
 */
public final class Mailbox
{
    private final List<Request> posted = new ArrayList<>();
    private final List<Message> unexpected = new ArrayList<>();
    private volatile Thread owner;

    /**
     * @param owner the receiving rank's thread, woken when a message arrives.
     */
    public void owner(final Thread owner)
    {
        this.owner = owner;
    }

    /**
     * Matches an outgoing message with a posted receive, or queues it: an eager copy when small, else a reference
     * to the sender's data.
     *
     * @return the matched receive, removed from the posted queue; {@code null} when the message was queued.
     */
    synchronized Request offer(final int contextId, final int source, final int tag, final DataRef data,
        final boolean eager, final Request sendRequest)
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
        final int length = data.byteLength();
        unexpected.add(eager ? new Message(contextId, source, tag, length, data.toBytes(), null, null) :
            new Message(contextId, source, tag, length, null, data, sendRequest));
        final Thread receiver = owner;
        if (receiver != null)
        {
            LockSupport.unpark(receiver);
        }
        return null;
    }

    /**
     * Matches a message that arrived from another process with a posted receive, or queues a copy of it.
     *
     * @param owned true when {@code buffer.byteArray()} is exactly the message and may be kept (no copy).
     * @param ack   for a synchronous send, what to send back once matched; else {@code null}.
     * @return the matched receive, removed from the posted queue (the caller copies the data into it);
     *         {@code null} when the message was queued.
     */
    synchronized Request offerRemote(final int contextId, final int source, final int tag,
        final DirectBuffer buffer, final int offset, final int length, final boolean owned, final SyncAck ack)
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
        final byte[] copy = owned ? buffer.byteArray() : new byte[length];
        if (!owned)
        {
            buffer.getBytes(offset, copy);
        }
        unexpected.add(new Message(contextId, source, tag, length, copy, null, null, ack));
        final Thread receiver = owner;
        if (receiver != null)
        {
            LockSupport.unpark(receiver);
        }
        return null;
    }

    /**
     * Matches a receive with the earliest queued message, or posts it.
     *
     * @return the matched message, removed; {@code null} when the receive was posted.
     */
    synchronized Message post(final Request receive)
    {
        final int index = find(receive);
        if (index >= 0)
        {
            return unexpected.remove(index);
        }
        posted.add(receive);
        return null;
    }

    /**
     * @return the earliest queued message a receive with this pattern would match, left in place; or {@code null}.
     */
    synchronized Message peek(final Request pattern)
    {
        final int index = find(pattern);
        return index >= 0 ? unexpected.get(index) : null;
    }

    /**
     * Takes the earliest matching message (MPI_Mprobe style) if there is one, without posting anything.
     */
    synchronized Message take(final Request pattern)
    {
        final int index = find(pattern);
        return index >= 0 ? unexpected.remove(index) : null;
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
        return unexpected.size();
    }
}
