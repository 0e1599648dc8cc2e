package io.wabric.core.faaslet;

/**
 * How a guest run ended: its exit status and, unless it exited normally, a one-line reason and a backtrace.
 */
public final class Outcome
{
    /** How the run ended. */
    public enum Kind
    {
        /** {@code main} returned or the guest called {@code exit}. */
        EXITED,
        /** The guest trapped. */
        TRAPPED,
        /** The guest ran past its deadline and was stopped. */
        TIMED_OUT
    }

    private final Kind kind;
    private final int exitCode;
    private final String reason;
    private final String backtrace;

    private Outcome(final Kind kind, final int exitCode, final String reason, final String backtrace)
    {
        this.kind = kind;
        this.exitCode = exitCode;
        this.reason = reason;
        this.backtrace = backtrace;
    }

    /**
     * @param exitCode the guest's exit status.
     * @return a normal exit.
     */
    public static Outcome exited(final int exitCode)
    {
        return new Outcome(Kind.EXITED, exitCode, "", "");
    }

    /**
     * @param reason    the trap, e.g. {@code "out of bounds memory access: ..."}.
     * @param backtrace Wasm function names, innermost first, one per line.
     * @return a trap.
     */
    public static Outcome trapped(final String reason, final String backtrace)
    {
        return new Outcome(Kind.TRAPPED, ExitCodes.TRAPPED, reason, backtrace);
    }

    /**
     * @param timeoutMs the deadline that passed.
     * @return a time-out.
     */
    public static Outcome timedOut(final long timeoutMs)
    {
        return new Outcome(Kind.TIMED_OUT, ExitCodes.TIMED_OUT, "timed out after " + timeoutMs + " ms", "");
    }

    /**
     * @return how the run ended.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the process exit status to report.
     */
    public int exitCode()
    {
        return exitCode;
    }

    /**
     * @return one line saying why the run did not exit normally; empty when it did.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * @return the Wasm-level backtrace of a trap, one function per line; empty otherwise.
     */
    public String backtrace()
    {
        return backtrace;
    }

    @Override
    public String toString()
    {
        return kind + "(" + exitCode + (reason.isEmpty() ? "" : ", " + reason) + ")";
    }
}
