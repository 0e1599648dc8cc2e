package io.wabric.mpi.comm;

import java.util.TreeMap;

/**
 * One rank's view of a communicator: the group, its own rank in it, the context ids that keep its messages apart
 * from every other communicator's, the error handler, an optional Cartesian topology and the cached attributes.
 *
 * <p>Point-to-point traffic uses {@link #contextId()}, the collectives built on it {@code contextId() + 1}, so a
 * user's wildcard receive never matches a collective's internal message.
 */
public final class Communicator
{
    private final String name;
    private final int contextId;
    private final Group group;
    private final int rank;
    private final CartTopology topology;
    private volatile int errhandler;
    private String objectName = "";
    private boolean predefinedAttributes;
    private TreeMap<Integer, Integer> attributes;
    private int collectiveSequence;
    private Object sharedArea;
    private Object blockingChannel;

    /**
     * @param name       for messages, e.g. {@code MPI_COMM_WORLD}.
     * @param contextId  the point-to-point context; {@code contextId + 1} is the collective one.
     * @param group      the members.
     * @param rank       this rank's rank in the group.
     * @param topology   a Cartesian topology, or {@code null}.
     * @param errhandler the error handler handle.
     */
    public Communicator(
        final String name,
        final int contextId,
        final Group group,
        final int rank,
        final CartTopology topology,
        final int errhandler)
    {
        this.name = name;
        this.contextId = contextId;
        this.group = group;
        this.rank = rank;
        this.topology = topology;
        this.errhandler = errhandler;
    }

    /**
     * @return the name for messages.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the point-to-point context id.
     */
    public int contextId()
    {
        return contextId;
    }

    /**
     * @return the context id collectives use.
     */
    public int collectiveContextId()
    {
        return contextId + 1;
    }

    /**
     * @return the members.
     */
    public Group group()
    {
        return group;
    }

    /**
     * @return this rank's rank.
     */
    public int rank()
    {
        return rank;
    }

    /**
     * @return the number of members.
     */
    public int size()
    {
        return group.size();
    }

    /**
     * @return the Cartesian topology, or {@code null}.
     */
    public CartTopology topology()
    {
        return topology;
    }

    /**
     * @return the error handler handle (MPI_ERRORS_ARE_FATAL, MPI_ERRORS_RETURN or a user handler).
     */
    public int errhandler()
    {
        return errhandler;
    }

    /**
     * @param errhandler the new error handler handle.
     */
    public void errhandler(final int errhandler)
    {
        this.errhandler = errhandler;
    }

    /**
     * @return the name MPI_Comm_set_name gave, or the predefined one; empty when none (as OpenMPI, for dups and
     *         splits too, which MPI does not name).
     */
    public String objectName()
    {
        return objectName;
    }

    /**
     * @param objectName the name MPI_Comm_get_name returns from now on.
     * @return this.
     */
    public Communicator objectName(final String objectName)
    {
        this.objectName = objectName;
        return this;
    }

    /**
     * @return whether the predefined attributes (MPI_TAG_UB, MPI_IO ...) are attached: to MPI_COMM_WORLD and, as
     *         MPI_Comm_dup copies attributes, to its duplicates (OpenMPI attaches them to nothing else).
     */
    public boolean predefinedAttributes()
    {
        return predefinedAttributes;
    }

    /**
     * @param predefinedAttributes whether MPI_Comm_get_attr finds the predefined attributes here.
     * @return this.
     */
    public Communicator predefinedAttributes(final boolean predefinedAttributes)
    {
        this.predefinedAttributes = predefinedAttributes;
        return this;
    }

    /**
     * The attributes MPI_Comm_set_attr cached with user keyvals: keyval handle to the guest's attribute_val (a
     * pointer-sized value, an address in wasm32), in keyval order. Created on first use, as most communicators
     * carry none.
     *
     * @return the attributes, to read and change.
     */
    public TreeMap<Integer, Integer> attributes()
    {
        if (attributes == null)
        {
            attributes = new TreeMap<>();
        }
        return attributes;
    }

    /**
     * Numbers this rank's collective calls on the communicator. Every member makes the same calls in the same
     * order, so the numbers agree, and collectives in flight at once (non-blocking ones) keep their messages apart.
     *
     * @return the next collective's sequence number, 0 .. 2^27 - 1, wrapping.
     */
    public int nextCollectiveSequence()
    {
        final int sequence = collectiveSequence;
        collectiveSequence = (sequence + 1) & ((1 << 27) - 1);
        return sequence;
    }

    /**
     * What the collectives keep for this communicator when its members share this JVM (see
     * {@code io.wabric.mpi.collective.LocalAreas}); opaque here, cached so a call finds it without a lookup.
     *
     * @return the cached value, or {@code null} before the first collective.
     */
    public Object sharedArea()
    {
        return sharedArea;
    }

    /**
     * @param sharedArea the value {@link #sharedArea()} returns from now on.
     */
    public void sharedArea(final Object sharedArea)
    {
        this.sharedArea = sharedArea;
    }

    /**
     * The channel the collectives reuse for this rank's blocking calls on this communicator (see
     * {@code io.wabric.mpi.collective.CollectiveChannel#open}); opaque here.
     *
     * @return the cached value, or {@code null} before the first blocking collective.
     */
    public Object blockingChannel()
    {
        return blockingChannel;
    }

    /**
     * @param blockingChannel the value {@link #blockingChannel()} returns from now on.
     */
    public void blockingChannel(final Object blockingChannel)
    {
        this.blockingChannel = blockingChannel;
    }
}
