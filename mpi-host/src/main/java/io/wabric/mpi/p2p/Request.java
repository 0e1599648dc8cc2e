package io.wabric.mpi.p2p;

import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.error.MpiError;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A send or receive in progress, completed by whichever thread moves its data; the owner waits on
 * {@link #isComplete()}. Fields are written before the volatile completion flag, so the owner sees them after it.
 *
 * <p>Sends and receives started on a rank's own thread come from that rank's {@link RequestPool} and go back to it
 * once complete and consumed ({@link PointToPoint#release}), so steady-state messaging allocates no requests. A
 * completing thread touches a request for the last time when it sets the completion flag (it reads the waiter
 * first), so the owner may recycle the request as soon as it sees it complete.
 */
public final class Request
{
    private static final VarHandle COMPLETE;

    static
    {
        try
        {
            COMPLETE = MethodHandles.lookup().findVarHandle(Request.class, "complete", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** What the request does. */
    public enum Kind
    {
        /** A send. */
        SEND,
        /** A receive. */
        RECV,
        /** Completed at creation (MPI_PROC_NULL peers, finished collectives). */
        DONE
    }

    private Kind kind;
    private Waiter waiter;
    private int contextId;
    private int source;
    private int tag;
    private DataRef buffer;
    private DataRef.GuestRef guestView;
    private int statusSource;
    private int statusTag;
    private int countBytes;
    private MpiError error = MpiError.SUCCESS;
    private String errorMessage = "";
    private volatile boolean complete;
    private boolean recyclable;
    private boolean free;

    Request(final Kind kind, final Waiter waiter, final int contextId, final int source, final int tag,
        final DataRef buffer)
    {
        init(kind, waiter, contextId, source, tag, buffer);
    }

    /**
     * Sets the request up for a new operation. Only its owner calls this, on a request no other thread can see
     * (new, or back from the pool), so the plain writes (the completion flag's too, which spares a fence per
     * message) are published by the mailbox lock or the volatile flag.
     */
    Request init(final Kind kind, final Waiter waiter, final int contextId, final int source, final int tag,
        final DataRef buffer)
    {
        this.kind = kind;
        this.waiter = waiter;
        this.contextId = contextId;
        this.source = source;
        this.tag = tag;
        this.buffer = buffer;
        this.statusSource = 0;
        this.statusTag = 0;
        this.countBytes = 0;
        this.error = MpiError.SUCCESS;
        this.errorMessage = "";
        COMPLETE.set(this, false);
        return this;
    }

    boolean recyclable()
    {
        return recyclable;
    }

    void recyclable(final boolean recyclable)
    {
        this.recyclable = recyclable;
    }

    boolean free()
    {
        return free;
    }

    void free(final boolean free)
    {
        this.free = free;
        if (free)
        {
            waiter = null;
            buffer = null;
        }
    }

    /**
     * @param source the status source to report.
     * @param tag    the status tag to report.
     * @return a request that is complete already, with an empty status.
     */
    public static Request completed(final int source, final int tag)
    {
        final Request request = new Request(Kind.DONE, null, -1, source, tag, null);
        request.complete(source, tag, 0, MpiError.SUCCESS, "");
        return request;
    }

    /**
     * A request that some other thread completes with {@link #finish}: a non-blocking collective or a one-sided
     * operation in progress. Its owner, woken on completion, is the calling thread.
     *
     * @return the pending request.
     */
    public static Request pending()
    {
        return new Request(Kind.DONE, Waiter.unconditional(Thread.currentThread()), -1, MatchRules.PROC_NULL,
            MatchRules.ANY_TAG, null);
    }

    /**
     * Completes a {@link #pending()} request with an empty status.
     *
     * @param status  SUCCESS or the error class.
     * @param message the error's message, empty on success.
     */
    public void finish(final MpiError status, final String message)
    {
        complete(MatchRules.PROC_NULL, MatchRules.ANY_TAG, 0, status, message);
    }

    boolean matches(final int messageContextId, final int messageSource, final int messageTag)
    {
        return contextId == messageContextId && (source == MatchRules.ANY_SOURCE || source == messageSource) &&
            (tag == MatchRules.ANY_TAG && messageTag >= 0 || tag == messageTag);
    }

    void complete(final int fromSource, final int withTag, final int bytes, final MpiError status,
        final String message)
    {
        final Waiter owner = waiter;
        statusSource = fromSource;
        statusTag = withTag;
        countBytes = bytes;
        error = status;
        errorMessage = message;
        if (owner != null && owner.thread() == Thread.currentThread())
        {
            // the owner completes its own request (a ring send, a receive it drained): it is not parked, and it
            // reads the flag in program order, so a release store does and no wake-up is needed
            COMPLETE.setRelease(this, true);
            return;
        }
        complete = true;
        if (owner != null)
        {
            owner.wake();
        }
    }

    /**
     * @return what the request does.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return this request's own reusable reference to guest data, made on first use.
     */
    DataRef.GuestRef guestView()
    {
        if (guestView == null)
        {
            guestView = DataRef.guestView();
        }
        return guestView;
    }

    /**
     * @param buffer the receive buffer, set by the owner before the request is posted.
     */
    void buffer(final DataRef buffer)
    {
        this.buffer = buffer;
    }

    /**
     * @return the receive buffer, or {@code null} for sends.
     */
    DataRef buffer()
    {
        return buffer;
    }

    /**
     * @return whether the data has moved.
     */
    public boolean isComplete()
    {
        return complete;
    }

    /**
     * @return the sender's rank in the communicator, for the status.
     */
    public int statusSource()
    {
        return statusSource;
    }

    /**
     * @return the message's tag, for the status.
     */
    public int statusTag()
    {
        return statusTag;
    }

    /**
     * @return bytes received.
     */
    public int countBytes()
    {
        return countBytes;
    }

    /**
     * @return the completion's error class, SUCCESS normally, ERR_TRUNCATE for a too-small receive buffer.
     */
    public MpiError error()
    {
        return error;
    }

    /**
     * @return the message for an error, empty on success.
     */
    public String errorMessage()
    {
        return errorMessage;
    }
}
