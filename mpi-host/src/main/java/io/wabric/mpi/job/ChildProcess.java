package io.wabric.mpi.job;

/**
 * A process of the job that the launcher started (a child JVM, or an ssh session running one on another host):
 * its index in the job and the OS process whose output the launcher forwards and whose exit it watches.
 */
public final class ChildProcess
{
    private final int processIndex;
    private final Process process;

    /**
     * @param processIndex the process's index in the job (1..P-1).
     * @param process      the started process, with piped stdin, stdout and stderr.
     */
    public ChildProcess(final int processIndex, final Process process)
    {
        this.processIndex = processIndex;
        this.process = process;
    }

    /**
     * @return the index in the job.
     */
    public int processIndex()
    {
        return processIndex;
    }

    /**
     * @return the OS process.
     */
    public Process process()
    {
        return process;
    }
}
