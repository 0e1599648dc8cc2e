package io.wabric.cli;

import io.wabric.cli.GuestProgram.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wabric --help}, each subcommand's {@code --help} and {@code --version}, run as a user runs them.
 */
final class HelpAndVersionTest
{
    @Test
    void shouldListEverySubcommandInHelp()
    {
        final Result help = GuestProgram.wabric(List.of("--help"), null, null);
        assertEquals(0, help.exitCode, help::toString);
        assertTrue(help.stdout.startsWith("Usage: wabric"), help::toString);
        for (final String subcommand : List.of("cc", "c++", "run", "mpirun", "snapshot", "cache", "--version"))
        {
            assertTrue(help.stdout.contains(subcommand), () -> subcommand + " missing from\n" + help);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "run;--dir=HOST::GUEST --env=K=V --timeout=SECONDS --max-memory=SIZE --input=TEXT|@FILE --output=FILE 124 134",
        "cc;--show clang wasm32-wasi link time",
        "c++;--show libc++ -fno-exceptions",
    })
    void shouldExplainOptionsInSubcommandHelp(final String subcommand, final String expectedWords)
    {
        final Result help = GuestProgram.wabric(List.of(subcommand, "--help"), null, null);
        assertEquals(0, help.exitCode, help::toString);
        assertTrue(help.stdout.startsWith("Usage: wabric " + subcommand), help::toString);
        for (final String word : expectedWords.split(" "))
        {
            assertTrue(help.stdout.contains(word), () -> word + " missing from\n" + help);
        }
    }

    @Test
    void shouldExplainRunThroughHelpSubcommand()
    {
        final Result help = GuestProgram.wabric(List.of("help", "run"), null, null);
        assertEquals(0, help.exitCode, help::toString);
        assertTrue(help.stdout.contains("--max-memory"), help::toString);
    }

    @Test
    void shouldPrintVersion()
    {
        final Result version = GuestProgram.wabric(List.of("--version"), null, null);
        assertEquals(0, version.exitCode, version::toString);
        assertTrue(version.stdout.matches("wabric \\d+\\.\\d+\\.\\d+\\S* \\(Chicory .*\\)\\n"), version::toString);
    }
}
