package io.wabric.openmp;

import io.wabric.core.WabricException;

import java.util.Locale;
import java.util.Map;

/**
 * The initial OpenMP internal control variables, read from the host environment as libgomp reads them
 * ({@code OMP_NUM_THREADS}, {@code OMP_SCHEDULE}, {@code OMP_DYNAMIC}, {@code OMP_NESTED},
 * {@code OMP_MAX_ACTIVE_LEVELS}, {@code OMP_THREAD_LIMIT}, {@code OMP_STACKSIZE},
 * {@code OMP_MAX_TASK_PRIORITY}), with {@code --threads} as an override. Attach one to the Faaslet's context;
 * without one the host environment is read.
 */
public final class OpenMpSettings
{
    /** Wasm stack per worker thread when OMP_STACKSIZE is unset: NAS benchmarks keep 1 MiB per thread on it. */
    public static final int STACK_SIZE_DEFAULT_BYTES = 4 << 20;
    static final int THREAD_LIMIT_DEFAULT = 256;

    private int[] numThreads;
    private int runSchedule = 2;
    private int runChunk = 1;
    private boolean dynamic;
    private int maxActiveLevels = 1;
    private int threadLimit = THREAD_LIMIT_DEFAULT;
    private int stackSizeBytes = STACK_SIZE_DEFAULT_BYTES;
    private int maxTaskPriority;

    private OpenMpSettings()
    {
        numThreads = new int[] {Runtime.getRuntime().availableProcessors()};
    }

    /**
     * @param env the environment, usually {@code System.getenv()}.
     * @return the settings it describes.
     * @throws WabricException naming the variable when a value cannot be parsed.
     */
    public static OpenMpSettings fromEnvironment(final Map<String, String> env)
    {
        final OpenMpSettings settings = new OpenMpSettings();
        final String threads = trimmed(env.get("OMP_NUM_THREADS"));
        boolean levelsGiven = false;
        if (threads != null)
        {
            final String[] parts = threads.split(",");
            settings.numThreads = new int[parts.length];
            for (int i = 0; i < parts.length; i++)
            {
                settings.numThreads[i] = positive("OMP_NUM_THREADS", parts[i].trim());
            }
        }
        final String schedule = trimmed(env.get("OMP_SCHEDULE"));
        if (schedule != null)
        {
            settings.parseSchedule(schedule);
        }
        final String dynamic = trimmed(env.get("OMP_DYNAMIC"));
        if (dynamic != null)
        {
            settings.dynamic = bool("OMP_DYNAMIC", dynamic);
        }
        final String nested = trimmed(env.get("OMP_NESTED"));
        if (nested != null)
        {
            settings.maxActiveLevels = bool("OMP_NESTED", nested) ? THREAD_LIMIT_DEFAULT : 1;
            levelsGiven = true;
        }
        final String levels = trimmed(env.get("OMP_MAX_ACTIVE_LEVELS"));
        if (levels != null)
        {
            try
            {
                settings.maxActiveLevels = Math.max(0, Integer.parseInt(levels));
            }
            catch (final NumberFormatException ex)
            {
                throw new WabricException("OMP_MAX_ACTIVE_LEVELS=" + levels + ": expected a non-negative integer");
            }
            levelsGiven = true;
        }
        if (!levelsGiven && settings.numThreads.length > 1)
        {
            settings.maxActiveLevels = settings.numThreads.length;
        }
        final String limit = trimmed(env.get("OMP_THREAD_LIMIT"));
        if (limit != null)
        {
            settings.threadLimit = positive("OMP_THREAD_LIMIT", limit);
        }
        final String stack = trimmed(env.get("OMP_STACKSIZE"));
        if (stack != null)
        {
            settings.stackSizeBytes = stackSize(stack);
        }
        final String priority = trimmed(env.get("OMP_MAX_TASK_PRIORITY"));
        if (priority != null)
        {
            try
            {
                settings.maxTaskPriority = Math.max(0, Integer.parseInt(priority));
            }
            catch (final NumberFormatException ex)
            {
                throw new WabricException("OMP_MAX_TASK_PRIORITY=" + priority + ": expected a non-negative integer");
            }
        }
        return settings;
    }

    /**
     * @param threads {@code --threads N}: the team size for top-level regions, overriding OMP_NUM_THREADS; 0 or
     *                less keeps the environment's.
     * @return this.
     */
    public OpenMpSettings threads(final int threads)
    {
        if (threads > 0)
        {
            numThreads = numThreads.clone();
            numThreads[0] = threads;
        }
        return this;
    }

    /**
     * @return the team size of a top-level parallel region without a num_threads clause.
     */
    public int teamSize()
    {
        return numThreads[0];
    }

    int numThreads(final int level)
    {
        return numThreads[Math.min(level, numThreads.length - 1)];
    }

    boolean hasNumThreadsFor(final int level)
    {
        return level < numThreads.length;
    }

    int runSchedule()
    {
        return runSchedule;
    }

    int runChunk()
    {
        return runChunk;
    }

    boolean dynamic()
    {
        return dynamic;
    }

    int maxActiveLevels()
    {
        return maxActiveLevels;
    }

    int threadLimit()
    {
        return threadLimit;
    }

    int stackSizeBytes()
    {
        return stackSizeBytes;
    }

    int maxTaskPriority()
    {
        return maxTaskPriority;
    }

    private void parseSchedule(final String value)
    {
        final String[] parts = value.toLowerCase(Locale.ROOT).split(",");
        String kind = parts[0].trim();
        final int colon = kind.indexOf(':');
        if (colon >= 0)
        {
            kind = kind.substring(colon + 1).trim();
        }
        switch (kind)
        {
            case "static":
                runSchedule = 1;
                break;
            case "dynamic":
                runSchedule = 2;
                break;
            case "guided":
                runSchedule = 3;
                break;
            case "auto":
                runSchedule = 4;
                break;
            default:
                throw new WabricException("OMP_SCHEDULE=" + value + ": expected static, dynamic, guided or auto, " +
                    "optionally followed by ,CHUNK");
        }
        runChunk = parts.length > 1 ? positive("OMP_SCHEDULE chunk", parts[1].trim()) : (runSchedule == 1 ? 0 : 1);
    }

    private static int stackSize(final String value)
    {
        final String text = value.toUpperCase(Locale.ROOT);
        long multiplier = 1024;
        String digits = text;
        final char unit = text.charAt(text.length() - 1);
        if (Character.isLetter(unit))
        {
            digits = text.substring(0, text.length() - 1).trim();
            switch (unit)
            {
                case 'B':
                    multiplier = 1;
                    break;
                case 'K':
                    multiplier = 1024;
                    break;
                case 'M':
                    multiplier = 1024 * 1024;
                    break;
                case 'G':
                    multiplier = 1024L * 1024 * 1024;
                    break;
                default:
                    throw new WabricException("OMP_STACKSIZE=" + value + ": expected a size such as 4M, 512K or 1G");
            }
        }
        try
        {
            final long bytes = Long.parseLong(digits) * multiplier;
            if (bytes < 64 * 1024 || bytes > (1L << 30))
            {
                throw new WabricException("OMP_STACKSIZE=" + value + ": must be between 64K and 1G");
            }
            return (int)bytes;
        }
        catch (final NumberFormatException ex)
        {
            throw new WabricException("OMP_STACKSIZE=" + value + ": expected a size such as 4M, 512K or 1G");
        }
    }

    private static String trimmed(final String value)
    {
        if (value == null || value.trim().isEmpty())
        {
            return null;
        }
        return value.trim();
    }

    private static int positive(final String name, final String value)
    {
        try
        {
            final int parsed = Integer.parseInt(value);
            if (parsed > 0)
            {
                return parsed;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new WabricException(name + "=" + value + ": expected a positive integer");
    }

    private static boolean bool(final String name, final String value)
    {
        if (value.equalsIgnoreCase("true"))
        {
            return true;
        }
        if (value.equalsIgnoreCase("false"))
        {
            return false;
        }
        throw new WabricException(name + "=" + value + ": expected true or false");
    }
}
