package io.wabric.core.wasi;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A host directory stream seen through the sandbox: each entry is the listed {@link SandboxPath} joined with the
 * entry's name, so no host path reaches the caller, and the caller's filter sees those sandbox paths.
 */
final class SandboxDirectoryStream implements DirectoryStream<Path>
{
    private final SandboxPath directory;
    private final DirectoryStream<Path> hostStream;
    private final DirectoryStream.Filter<? super Path> filter;

    /**
     * @param directory  the sandbox path that was listed.
     * @param hostStream the stream over the host directory it resolved to, unfiltered.
     * @param filter     the caller's filter.
     */
    SandboxDirectoryStream(
        final SandboxPath directory,
        final DirectoryStream<Path> hostStream,
        final DirectoryStream.Filter<? super Path> filter)
    {
        this.directory = directory;
        this.hostStream = hostStream;
        this.filter = filter;
    }

    @Override
    public Iterator<Path> iterator()
    {
        final Iterator<Path> hostEntries = hostStream.iterator();
        return new Iterator<>()
        {
            private Path next;

            @Override
            public boolean hasNext()
            {
                while (null == next && hostEntries.hasNext())
                {
                    final Path candidate = directory.resolve(hostEntries.next().getFileName().toString());
                    try
                    {
                        if (filter.accept(candidate))
                        {
                            next = candidate;
                        }
                    }
                    catch (final IOException ex)
                    {
                        throw new DirectoryIteratorException(ex);
                    }
                }
                return null != next;
            }

            @Override
            public Path next()
            {
                if (!hasNext())
                {
                    throw new NoSuchElementException("no more entries in " + directory);
                }
                final Path result = next;
                next = null;
                return result;
            }
        };
    }

    @Override
    public void close() throws IOException
    {
        hostStream.close();
    }
}
