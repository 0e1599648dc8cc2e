package io.wabric.mpi.p2p;

import io.wabric.mpi.comm.Communicator;
import com.dylibso.chicory.runtime.Memory;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import org.agrona.DirectBuffer;

/**
 * Sends and receives. Between ranks in one JVM a small standard send from the rank's own thread goes into the
 * {@link OneToOneMessageRing} to its receiver and completes; the receiving side matches it when it next polls
 * (while it waits, posts a receive or probes). Any other send goes through the receiver's {@link Mailbox}: one that
 * finds its receive posted copies straight from the sender's memory into the receive buffer (one copy); otherwise
 * a small message is copied once into the mailbox and the send completes, and a large (or synchronous) one waits
 * there as a reference until the receive copies it (rendezvous). A send to a rank in another process goes through the world's
 * {@link RemoteRoute}; matching happens in the receiver's process, in arrival order, so the same rules hold.
 */
public final class PointToPoint
{
    private PointToPoint()
    {
    }

    /**
     * Starts a send.
     *
     * @param sender      the sending rank.
     * @param comm        the communicator.
     * @param contextId   the communicator's point-to-point or collective context.
     * @param dest        the destination's rank in the communicator (not PROC_NULL).
     * @param tag         the tag.
     * @param data        the data.
     * @param synchronous true for MPI_Ssend: completes only once matched.
     * @return the send request.
     */
    public static Request isend(final MpiRank sender, final Communicator comm, final int contextId, final int dest,
        final int tag, final DataRef data, final boolean synchronous)
    {
        return send(sender, comm, contextId, dest, tag, data, synchronous,
            newRequest(sender, Request.Kind.SEND, contextId, dest, tag, null));
    }

    /**
     * Starts a send of guest data, through the request's own reusable reference (no allocation per message).
     *
     * @param sender      the sending rank.
     * @param comm        the communicator.
     * @param contextId   the communicator's point-to-point or collective context.
     * @param dest        the destination's rank in the communicator (not PROC_NULL).
     * @param tag         the tag.
     * @param memory      the sender's memory.
     * @param address     the data's address.
     * @param type        the element type.
     * @param count       the number of elements.
     * @param synchronous true for MPI_Ssend: completes only once matched.
     * @return the send request.
     */
    public static Request isend(final MpiRank sender, final Communicator comm, final int contextId, final int dest,
        final int tag, final Memory memory, final int address, final Datatype type, final int count,
        final boolean synchronous)
    {
        final Request send = newRequest(sender, Request.Kind.SEND, contextId, dest, tag, null);
        return send(sender, comm, contextId, dest, tag, send.guestView().wrap(memory, address, type, count),
            synchronous, send);
    }

    private static Request send(final MpiRank sender, final Communicator comm, final int contextId, final int dest,
        final int tag, final DataRef data, final boolean synchronous, final Request send)
    {
        final int length = data.byteLength();
        final int destWorld = comm.group().worldRank(dest);
        final MpiWorld world = sender.world();
        if (!world.isLocal(destWorld))
        {
            world.remote().send(sender, destWorld, contextId, comm.rank(), tag, data, synchronous, send);
            if (!synchronous)
            {
                send.complete(dest, tag, length, MpiError.SUCCESS, "");
            }
            return send;
        }
        if (!synchronous && length <= OneToOneMessageRing.MAX_PAYLOAD_BYTES &&
            Thread.currentThread() == sender.thread())
        {
            final OneToOneMessageRing ring = sender.sendRings().to(world, destWorld);
            if (ring.offer(contextId, comm.rank(), tag, data))
            {
                ring.wakeReceiver();
                send.complete(dest, tag, length, MpiError.SUCCESS, "");
                return send;
            }
        }
        final boolean eager = !synchronous && length <= MatchRules.EAGER_LIMIT_BYTES;
        final Mailbox mailbox = world.mailbox(destWorld);
        final Request receive = mailbox.offer(contextId, comm.rank(), tag, data, eager, send);
        if (receive != null)
        {
            deliver(data, length, comm.rank(), tag, receive);
            send.complete(dest, tag, length, MpiError.SUCCESS, "");
        }
        else if (eager)
        {
            send.complete(dest, tag, length, MpiError.SUCCESS, "");
        }
        return send;
    }

    /**
     * Starts a receive.
     *
     * @param receiver  the receiving rank.
     * @param contextId the context.
     * @param source    the sender's rank in the communicator, or ANY_SOURCE.
     * @param tag       the tag, or ANY_TAG.
     * @param buffer    where the data goes.
     * @return the receive request.
     */
    public static Request irecv(final MpiRank receiver, final int contextId, final int source, final int tag,
        final DataRef buffer)
    {
        return post(receiver, newRequest(receiver, Request.Kind.RECV, contextId, source, tag, buffer));
    }

    /**
     * Starts a receive into guest memory, through the request's own reusable reference (no allocation per
     * message).
     *
     * @param receiver  the receiving rank.
     * @param contextId the context.
     * @param source    the sender's rank in the communicator, or ANY_SOURCE.
     * @param tag       the tag, or ANY_TAG.
     * @param memory    the receiver's memory.
     * @param address   the buffer's address.
     * @param type      the element type.
     * @param count     the number of elements.
     * @return the receive request.
     */
    public static Request irecv(final MpiRank receiver, final int contextId, final int source, final int tag,
        final Memory memory, final int address, final Datatype type, final int count)
    {
        final Request receive = newRequest(receiver, Request.Kind.RECV, contextId, source, tag, null);
        receive.buffer(receive.guestView().wrap(memory, address, type, count));
        return post(receiver, receive);
    }

    private static Request post(final MpiRank receiver, final Request receive)
    {
        final Mailbox mailbox = receiver.mailbox();
        final Message message = mailbox.post(receive);
        if (message != null)
        {
            complete(message, receive);
            mailbox.recycle(message);
        }
        return receive;
    }

    /**
     * Gives a finished request back to its rank's pool: call it once the request is complete and its status has
     * been read, and never touch the request afterwards. Requests of other threads, incomplete ones (freed with
     * MPI_Request_free before completing) and ones not from a pool are left to the GC.
     *
     * @param rank    the rank that started the request.
     * @param request the request, or {@code null}.
     */
    public static void release(final MpiRank rank, final Request request)
    {
        if (request != null && Thread.currentThread() == rank.thread())
        {
            rank.requestPool().release(request);
        }
    }

    private static Request newRequest(final MpiRank rank, final Request.Kind kind, final int contextId,
        final int peer, final int tag, final DataRef buffer)
    {
        final Thread current = Thread.currentThread();
        if (current == rank.thread())
        {
            return rank.requestPool().acquire(kind, rank.waiter(), contextId, peer, tag, buffer);
        }
        return new Request(kind, Waiter.unconditional(current), contextId, peer, tag, buffer);
    }

    /**
     * Blocking send.
     */
    public static void send(final MpiRank sender, final Communicator comm, final int contextId, final int dest,
        final int tag, final DataRef data)
    {
        final Request send = isend(sender, comm, contextId, dest, tag, data, false);
        sender.await(send);
        release(sender, send);
    }

    /**
     * Blocking receive.
     *
     * @return the completed request, for its status.
     */
    public static Request recv(final MpiRank receiver, final int contextId, final int source, final int tag,
        final DataRef buffer)
    {
        final Request receive = irecv(receiver, contextId, source, tag, buffer);
        receiver.await(receive);
        return receive;
    }

    /**
     * Looks for a message without receiving it.
     *
     * @return a completed request carrying the status (source, tag, byte count), or {@code null} when none waits.
     */
    public static Request iprobe(final MpiRank receiver, final int contextId, final int source, final int tag)
    {
        final Request pattern = new Request(Request.Kind.RECV, null, contextId, source, tag, null);
        return receiver.mailbox().probe(pattern) ? pattern : null;
    }

    /**
     * Waits for a matching message without receiving it.
     *
     * @return a completed request carrying the status.
     */
    public static Request probe(final MpiRank receiver, final int contextId, final int source, final int tag)
    {
        final Request[] found = new Request[1];
        receiver.await(() -> (found[0] = iprobe(receiver, contextId, source, tag)) != null);
        return found[0];
    }

    private static void complete(final Message message, final Request receive)
    {
        if (message.eager != null)
        {
            deliverBytes(message.eager, message.length, message.source, message.tag, receive);
        }
        else
        {
            deliver(message.rendezvous, message.length, message.source, message.tag, receive);
        }
        if (message.sendRequest != null)
        {
            message.sendRequest.complete(-1, message.tag, message.length, MpiError.SUCCESS, "");
        }
        if (message.remoteAck != null)
        {
            message.remoteAck.send();
        }
    }

    /**
     * Copies bytes from the transport's buffer into a contiguous receive buffer, which may be guest memory that its
     * rank grows meanwhile (this runs on whichever thread reads the transport): the copy is made again if a grow
     * overlapped it (see {@link DataRef#writeEpoch()}).
     *
     * @param from         the transport's buffer.
     * @param fromOffset   of the first byte.
     * @param target       a receive buffer whose {@link DataRef#contiguousArray()} is not {@code null}.
     * @param targetOffset byte offset into the target's data.
     * @param length       bytes to copy.
     */
    static void land(final DirectBuffer from, final int fromOffset, final DataRef target, final int targetOffset,
        final int length)
    {
        int epoch;
        do
        {
            epoch = target.writeEpoch();
            from.getBytes(fromOffset, target.contiguousArray(), target.contiguousOffset() + targetOffset, length);
        }
        while (!target.writeLanded(epoch));
    }

    /**
     * Copies a message from another process, still in the transport's buffer, into a matched receive.
     */
    static void deliverRemote(final DirectBuffer data, final int offset, final int length, final int source,
        final int tag, final Request receive)
    {
        final DataRef buffer = receive.buffer();
        final int capacity = buffer.byteLength();
        final int moved = Math.min(length, capacity);
        if (buffer.contiguousArray() != null)
        {
            land(data, offset, buffer, 0, moved);
        }
        else if (moved > 0)
        {
            final byte[] packed = new byte[moved];
            data.getBytes(offset, packed);
            buffer.unpack(packed, 0, moved);
        }
        if (length > capacity)
        {
            receive.complete(source, tag, capacity, MpiError.ERR_TRUNCATE, truncated(length, source, tag, capacity));
            return;
        }
        receive.complete(source, tag, length, MpiError.SUCCESS, "");
    }

    private static void deliverBytes(final byte[] data, final int length, final int source, final int tag,
        final Request receive)
    {
        final DataRef buffer = receive.buffer();
        final int capacity = buffer.byteLength();
        final int moved = Math.min(length, capacity);
        if (moved > 0)
        {
            buffer.unpack(data, 0, moved);
        }
        if (length > capacity)
        {
            receive.complete(source, tag, capacity, MpiError.ERR_TRUNCATE, truncated(length, source, tag, capacity));
            return;
        }
        receive.complete(source, tag, length, MpiError.SUCCESS, "");
    }

    private static String truncated(final int length, final int source, final int tag, final int capacity)
    {
        return "message of " + length + " bytes from rank " + source + " with tag " + tag +
            " truncated to the receive buffer's " + capacity +
            " bytes; post a larger receive (MPI_Probe and MPI_Get_count give the size)";
    }

    private static void deliver(final DataRef data, final int length, final int source, final int tag,
        final Request receive)
    {
        final DataRef buffer = receive.buffer();
        final int capacity = buffer.byteLength();
        if (length > capacity)
        {
            DataRef.transfer(data, buffer, capacity);
            receive.complete(source, tag, capacity, MpiError.ERR_TRUNCATE, truncated(length, source, tag, capacity));
            return;
        }
        DataRef.transfer(data, buffer, length);
        receive.complete(source, tag, length, MpiError.SUCCESS, "");
    }
}
