package io.wabric.core.faaslet;

/**
 * Process exit statuses Wabric uses besides the guest's own. Chosen to match what shell users know: 124 is
 * {@code timeout(1)}'s, 134 is 128 + SIGABRT, as wasmtime reports a trap.
 */
public final class ExitCodes
{
    /** Bad input: malformed module, missing import, bad option. */
    public static final int BAD_INPUT = 2;
    /** The guest ran past {@code --timeout}. */
    public static final int TIMED_OUT = 124;
    /** The guest trapped (out of bounds, unreachable, divide by zero, stack exhausted ...). */
    public static final int TRAPPED = 134;
    /** Reading or writing a host file failed (full disk, missing directory, permission): sysexits' EX_IOERR. */
    public static final int IO_ERROR = 74;
    /** A fault of Wabric itself. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes()
    {
    }
}
