package io.wabric.experiments.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts a report states about its own run: the command, when it ran, how long it took and on what machine.
 */
public final class RunInfo
{
    private final String command;
    private final String startedAt;
    private final double durationS;
    private final String settings;
    private final boolean quick;
    private final Map<String, String> environment;

    /**
     * @param command     the command line, as a user would type it.
     * @param startedAt   when the run began, ISO-8601 UTC.
     * @param durationS   seconds the run took.
     * @param settings    the plan's settings in words.
     * @param quick       whether it was a {@code --quick} run.
     * @param environment machine, OS, JDK and compiler facts, label to value, in display order.
     */
    public RunInfo(final String command, final String startedAt, final double durationS, final String settings,
        final boolean quick, final Map<String, String> environment)
    {
        this.command = command;
        this.startedAt = startedAt;
        this.durationS = durationS;
        this.settings = settings;
        this.quick = quick;
        this.environment = new LinkedHashMap<>(environment);
    }

    /**
     * @return the command line.
     */
    public String command()
    {
        return command;
    }

    /**
     * @return when the run began.
     */
    public String startedAt()
    {
        return startedAt;
    }

    /**
     * @return seconds the run took.
     */
    public double durationS()
    {
        return durationS;
    }

    /**
     * @return the plan's settings in words.
     */
    public String settings()
    {
        return settings;
    }

    /**
     * @return whether it was a {@code --quick} run.
     */
    public boolean quick()
    {
        return quick;
    }

    /**
     * @return machine, OS, JDK and compiler facts.
     */
    public Map<String, String> environment()
    {
        return new LinkedHashMap<>(environment);
    }
}
