package io.wabric.cli;

import com.dylibso.chicory.wasi.WasiExitException;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's standard streams, as a guest may see them: the descriptors 0, 1 and 2 the launcher was given, or
 * nothing when one was closed.
 *
 * <p>Why: a descriptor closed by the caller ({@code wabric run prog.wasm <&-}) is free, and the JVM reuses the
 * lowest free one for the first file it opens itself (its class library, {@code lib/modules}). A guest that read
 * "stdin" then read the JVM's own files, outside its sandbox. {@code bin/wabric} points closed standard descriptors
 * at {@code /dev/null} before the JVM starts; this check covers a JVM started another way: a standard descriptor
 * that now names one of the JVM's own files (under {@code java.home} or on the class path) is treated as closed,
 * so the guest reads end-of-file and its writes are dropped.
 *
 * <p>A write to a pipe whose reader has gone ({@code wabric run prog.wasm | head -2}) ends the guest with status
 * 141, as SIGPIPE ends a native program (the JVM ignores the signal, so the write fails with EPIPE instead), rather
 * than leaving it to run to the end with every write failing.
 */
final class HostStreams
{
    private HostStreams()
    {
    }

    /**
     * @return the guest's stdin: this process's, or an empty stream when descriptor 0 was closed.
     */
    static InputStream stdin()
    {
        return ownedByJvm(0) ? InputStream.nullInputStream() : new FileInputStream(FileDescriptor.in);
    }

    /**
     * @return the guest's stdout: this process's, or a sink when descriptor 1 was closed.
     */
    static OutputStream stdout()
    {
        return ownedByJvm(1) ? OutputStream.nullOutputStream() :
            new ExitOnBrokenPipe(new FileOutputStream(FileDescriptor.out));
    }

    /**
     * @return the guest's stderr: this process's, or a sink when descriptor 2 was closed.
     */
    static OutputStream stderr()
    {
        return ownedByJvm(2) ? OutputStream.nullOutputStream() :
            new ExitOnBrokenPipe(new FileOutputStream(FileDescriptor.err));
    }

    /**
     * @param descriptor 0, 1 or 2.
     * @return true when the descriptor names a file the JVM opened for itself (Linux's {@code /proc/self/fd});
     *         false when it does not, or when this cannot be told (no {@code /proc}).
     */
    static boolean ownedByJvm(final int descriptor)
    {
        final Path link = Path.of("/proc/self/fd/" + descriptor);
        try
        {
            final Path target = Files.readSymbolicLink(link);
            if (!target.isAbsolute() || !Files.isRegularFile(target))
            {
                return false;
            }
            final Path file = target.toRealPath();
            if (file.startsWith(Path.of(System.getProperty("java.home")).toRealPath()))
            {
                return true;
            }
            for (final String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator))
            {
                if (!entry.isEmpty() && Files.exists(Path.of(entry)) && file.equals(Path.of(entry).toRealPath()))
                {
                    return true;
                }
            }
            return false;
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return false;
        }
    }

    /**
     * Passes writes through; a broken pipe ends the guest as SIGPIPE would end a native program.
     */
    static final class ExitOnBrokenPipe extends OutputStream
    {
        /** 128 + SIGPIPE (13): the status a shell reports for a program SIGPIPE ended. */
        static final int BROKEN_PIPE_EXIT_STATUS = 141;

        private final OutputStream out;
        /** Set at the first broken pipe: the guest (or job) is ending, and later writes are dropped. */
        private volatile boolean broken;

        ExitOnBrokenPipe(final OutputStream out)
        {
            this.out = out;
        }

        @Override
        public void write(final int b) throws IOException
        {
            if (broken)
            {
                return;
            }
            try
            {
                out.write(b);
            }
            catch (final IOException ex)
            {
                throw exitIfBrokenPipe(ex);
            }
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException
        {
            if (broken)
            {
                return;
            }
            try
            {
                out.write(bytes, offset, length);
            }
            catch (final IOException ex)
            {
                throw exitIfBrokenPipe(ex);
            }
        }

        @Override
        public void flush() throws IOException
        {
            if (broken)
            {
                return;
            }
            try
            {
                out.flush();
            }
            catch (final IOException ex)
            {
                throw exitIfBrokenPipe(ex);
            }
        }

        @Override
        public void close() throws IOException
        {
            out.close();
        }

        private IOException exitIfBrokenPipe(final IOException ex)
        {
            if ("Broken pipe".equals(ex.getMessage()))
            {
                // the first writer to see it ends (unchecked, so it leaves the WASI call that wrote and ends the
                // guest as proc_exit(141) would); whatever else still writes (other ranks of a job, the final
                // flush of a partial line) has nowhere to write to, so it is dropped rather than failing again
                broken = true;
                throw new WasiExitException(BROKEN_PIPE_EXIT_STATUS);
            }
            return ex;
        }
    }
}
