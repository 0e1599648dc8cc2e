package io.wabric.openmp.fork;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Selects OpenMP fork mode for one program (attach it to the Faaslet's context) and holds its program-wide
 * settings and counters.
 *
 * <p>{@value #RACES_ENV_NAME} says what a data race found at a barrier or join does: {@code fail} (the default)
 * ends the program with the offset and the threads involved; {@code warn} prints the same report on stderr and
 * resolves it deterministically, the highest thread number's bytes winning.
 */
public final class ForkMode
{
    /** Environment variable choosing the race policy: {@code fail} or {@code warn}. */
    public static final String RACES_ENV_NAME = "WABRIC_OMP_FORK_RACES";

    private final boolean failOnRace;
    private final PrintStream warnings;
    private final AtomicLong regions = new AtomicLong();
    private final AtomicLong merges = new AtomicLong();
    private final AtomicLong publishes = new AtomicLong();
    private final AtomicLong bytesMerged = new AtomicLong();

    /**
     * @param failOnRace true to end the program on a data race, false to warn and resolve it.
     * @param warnings   where warnings go.
     */
    public ForkMode(final boolean failOnRace, final PrintStream warnings)
    {
        this.failOnRace = failOnRace;
        this.warnings = warnings;
    }

    /**
     * Reads {@value #RACES_ENV_NAME}.
     *
     * @param env      the host environment.
     * @param warnings where warnings go.
     * @return the mode.
     * @throws IllegalArgumentException for a value other than fail or warn, naming it.
     */
    public static ForkMode fromEnvironment(final Map<String, String> env, final PrintStream warnings)
    {
        final String races = env.getOrDefault(RACES_ENV_NAME, "fail").trim();
        if (!"fail".equals(races) && !"warn".equals(races))
        {
            throw new IllegalArgumentException(RACES_ENV_NAME + "=" + races + ": expected fail or warn");
        }
        return new ForkMode("fail".equals(races), warnings);
    }

    /**
     * @return true when a data race ends the program.
     */
    public boolean failOnRace()
    {
        return failOnRace;
    }

    void warn(final String message)
    {
        warnings.println("wabric: warning: " + message);
        warnings.flush();
    }

    void onRegion()
    {
        regions.incrementAndGet();
    }

    void onMerge(final long bytes)
    {
        merges.incrementAndGet();
        bytesMerged.addAndGet(bytes);
    }

    void onPublish(final long bytes)
    {
        publishes.incrementAndGet();
        bytesMerged.addAndGet(bytes);
    }

    /**
     * @return parallel regions forked so far.
     */
    public long regionCount()
    {
        return regions.get();
    }

    /**
     * @return team-wide merges (barriers and joins) so far.
     */
    public long mergeCount()
    {
        return merges.get();
    }

    /**
     * @return single-thread publications (lock, critical, libc lock, ordered) so far.
     */
    public long publishCount()
    {
        return publishes.get();
    }

    /**
     * @return bytes written into home memories by merges and publications.
     */
    public long bytesMerged()
    {
        return bytesMerged.get();
    }
}
