package io.wabric.mpi.abi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mpi.h is the ABI: it must declare exactly the functions the host provides (a declared but missing function would
 * link and then fail at run time; a provided but undeclared one is dead), and the header's inline functions must
 * not shadow host functions.
 */
final class FunctionTableTest
{
    private static final Path MPI_H = Path.of(System.getProperty("user.dir")).getParent()
        .resolve("guest-sdk").resolve("include").resolve("mpi.h");
    private static final Pattern DECLARATION = Pattern.compile("^(?:int|double) ((?:MPI|__wabric_mpi)_\\w+)\\(",
        Pattern.MULTILINE);
    private static final Pattern INLINE = Pattern.compile("^static inline int (MPI_\\w+)\\(", Pattern.MULTILINE);

    @Test
    void shouldProvideExactlyTheFunctionsMpiHDeclares() throws IOException
    {
        final String header = Files.readString(MPI_H);
        final Set<String> declared = matches(DECLARATION, header);
        final Set<String> provided = new TreeSet<>(FunctionTable.names());

        assertEquals(declared, provided, "mpi.h declarations vs FunctionTable.names()");
        assertEquals(provided.size(), FunctionTable.names().size(), "a function is registered twice");
    }

    @Test
    void shouldKeepInlineFunctionsOutOfTheHostTable() throws IOException
    {
        final Set<String> inline = matches(INLINE, Files.readString(MPI_H));

        assertEquals(Set.of("MPI_Win_create", "MPI_Win_allocate", "MPI_Win_free", "MPI_Win_get_attr",
            "MPI_Alloc_mem", "MPI_Free_mem", "MPI_Comm_get_attr", "MPI_Attr_get"), inline);
        for (final String name : inline)
        {
            assertTrue(!FunctionTable.names().contains(name), name + " is inline in mpi.h and must not be an import");
        }
    }

    @Test
    void shouldRegisterEveryNonBlockingCollectiveWithItsBlockingForm()
    {
        final Set<String> names = new TreeSet<>(FunctionTable.names());
        for (final String blocking : new String[] {"Barrier", "Bcast", "Reduce", "Allreduce", "Gather", "Gatherv",
            "Scatter", "Scatterv", "Allgather", "Allgatherv", "Alltoall", "Alltoallv", "Reduce_scatter",
            "Reduce_scatter_block", "Scan", "Exscan"})
        {
            assertTrue(names.contains("MPI_" + blocking), blocking);
            assertTrue(names.contains("MPI_I" + blocking.toLowerCase(java.util.Locale.ROOT)), "I" + blocking);
        }
    }

    private static Set<String> matches(final Pattern pattern, final String text)
    {
        final Set<String> names = new TreeSet<>();
        final Matcher matcher = pattern.matcher(text);
        while (matcher.find())
        {
            names.add(matcher.group(1));
        }
        return names;
    }
}
