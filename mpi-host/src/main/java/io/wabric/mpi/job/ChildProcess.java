package io.wabric.mpi.job;

/**
 * A process of the job that the launcher started (a child JVM, or an ssh session running one on another host):
 * its index in the job and the OS process whose output the launcher forwards and whose exit it watches.
 */
public final class ChildProcess
{
    private final int processIndex;
    private final Process process;
    private final String sshHost;

    /**
     * @param processIndex the process's index in the job (1..P-1).
     * @param process      the started process, with piped stdin, stdout and stderr.
     * @param sshHost      the host {@code process}, an ssh client, runs the child on; null when the child runs here
     *                     as {@code process} itself (its exit status then is the child's, 128 + N when killed by
     *                     signal N, whereas ssh exits 255 when it fails itself).
     */
    public ChildProcess(final int processIndex, final Process process, final String sshHost)
    {
        this.processIndex = processIndex;
        this.process = process;
        this.sshHost = sshHost;
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

    /**
     * @return the host reached over ssh, or null when the child runs on this machine without ssh.
     */
    public String sshHost()
    {
        return sshHost;
    }
}
