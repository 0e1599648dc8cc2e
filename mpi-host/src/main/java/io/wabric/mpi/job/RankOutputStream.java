package io.wabric.mpi.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One rank's stdout or stderr, forwarded to the job's stream whole lines at a time so ranks' lines never interleave
 * mid-line, each optionally prefixed with a tag such as OpenMPI's {@code [1,0]<stdout>:}.
 */
final class RankOutputStream extends OutputStream
{
    private final OutputStream sink;
    private final Object sinkLock;
    private final byte[] prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    RankOutputStream(final OutputStream sink, final Object sinkLock, final byte[] prefix)
    {
        this.sink = sink;
        this.sinkLock = sinkLock;
        this.prefix = prefix.clone();
    }

    @Override
    public synchronized void write(final int b) throws IOException
    {
        line.write(b);
        if (b == '\n')
        {
            emit();
        }
    }

    @Override
    public synchronized void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        int start = offset;
        final int end = offset + length;
        for (int i = offset; i < end; i++)
        {
            if (bytes[i] == '\n')
            {
                line.write(bytes, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(bytes, start, end - start);
    }

    @Override
    public synchronized void close() throws IOException
    {
        if (line.size() > 0)
        {
            emit();
        }
    }

    private void emit() throws IOException
    {
        synchronized (sinkLock)
        {
            sink.write(prefix);
            line.writeTo(sink);
            sink.flush();
        }
        line.reset();
    }
}
