package io.wabric.openmp.schedule;

/**
 * libomp's {@code enum sched_type} values clang passes to the loop entry points, reduced to what the scheduler
 * needs. Part of the guest ABI (clang emits these numbers).
 */
public enum ScheduleKind
{
    /** One contiguous block per thread. */
    STATIC,
    /** Round-robin chunks. */
    STATIC_CHUNKED,
    /** First come, first served chunks. */
    DYNAMIC,
    /** Shrinking chunks, first come, first served. */
    GUIDED;

    /** libomp's modifier bits (monotonic, nonmonotonic) that clang ORs into the schedule. */
    public static final int MODIFIER_MASK = (1 << 29) | (1 << 30);
    /** {@code kmp_sch_runtime}. */
    public static final int KMP_RUNTIME = 37;
    /** {@code kmp_sch_auto}. */
    public static final int KMP_AUTO = 38;
    /** {@code kmp_ord_lower}: ordered schedules are the unordered ones plus 32. */
    public static final int KMP_ORDERED_LOWER = 64;
    /** {@code kmp_ord_upper}. */
    public static final int KMP_ORDERED_UPPER = 72;
    /** {@code kmp_nm_lower}: the "nomerge" schedules are the plain ones plus 128. */
    public static final int KMP_NOMERGE_LOWER = 160;

    /**
     * @param kmpSchedule a clang {@code sched_type} with modifiers removed, ordered and nomerge folded to plain;
     *                    runtime and auto already resolved.
     * @param chunk       the chunk clause, 0 or less when absent.
     * @return the kind.
     */
    public static ScheduleKind ofKmp(final int kmpSchedule, final long chunk)
    {
        switch (kmpSchedule)
        {
            case 33:
                return STATIC_CHUNKED;
            case 35:
                return DYNAMIC;
            case 36:
            case 42:
            case 43:
                return GUIDED;
            case 34:
            case 40:
            case 41:
            case 44:
            case 45:
            default:
                return chunk > 0 && kmpSchedule == 44 ? STATIC_CHUNKED : STATIC;
        }
    }

    /**
     * @param schedule a clang {@code sched_type} as passed.
     * @return it without modifiers, with ordered and nomerge variants mapped to the plain ones.
     */
    public static int plain(final int schedule)
    {
        int kind = schedule & ~MODIFIER_MASK;
        if (kind >= KMP_NOMERGE_LOWER)
        {
            kind -= 128;
        }
        if (kind > KMP_ORDERED_LOWER && kind < KMP_ORDERED_UPPER)
        {
            kind -= 32;
        }
        return kind;
    }

    /**
     * @param schedule a clang {@code sched_type} as passed.
     * @return true for the ordered variants.
     */
    public static boolean ordered(final int schedule)
    {
        int kind = schedule & ~MODIFIER_MASK;
        if (kind >= KMP_NOMERGE_LOWER)
        {
            kind -= 128;
        }
        return kind > KMP_ORDERED_LOWER && kind < KMP_ORDERED_UPPER;
    }

    /**
     * @param ompSchedule an {@code omp_sched_t} value (1 static, 2 dynamic, 3 guided, 4 auto), modifiers allowed.
     * @param chunk       its chunk size, 0 or less for the default.
     * @return the kind.
     */
    public static ScheduleKind ofOmp(final int ompSchedule, final int chunk)
    {
        switch (ompSchedule & 0x7FFF_FFFF)
        {
            case 2:
                return DYNAMIC;
            case 3:
                return GUIDED;
            default:
                return chunk > 0 && (ompSchedule & 0x7FFF_FFFF) == 1 ? STATIC_CHUNKED : STATIC;
        }
    }
}
