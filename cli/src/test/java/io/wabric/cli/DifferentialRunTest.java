package io.wabric.cli;

import io.wabric.cli.GuestProgram.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential tests of {@code wabric cc} + {@code wabric run}: each program in {@code tests/run} is built with
 * gcc {@code -O2} and with {@code wabric cc -O2}, both run with the same arguments, environment and input, and
 * their standard output and exit status must be equal. Expected outputs are never written down: native is the
 * reference.
 */
final class DifferentialRunTest
{
    private static GuestProgram args;
    private static GuestProgram env;
    private static GuestProgram stdinEcho;
    private static GuestProgram exitCodes;
    private static GuestProgram clocksRandom;
    private static GuestProgram mallocGrow;
    private static GuestProgram runawayLoop;
    private static GuestProgram faasmIo;
    private static GuestProgram containers;
    private static GuestProgram mathPrintf;

    @BeforeAll
    static void buildPrograms()
    {
        args = GuestProgram.build("args.c");
        env = GuestProgram.build("env.c");
        stdinEcho = GuestProgram.build("stdin_echo.c");
        exitCodes = GuestProgram.build("exit_codes.c");
        clocksRandom = GuestProgram.build("clocks_random.c");
        mallocGrow = GuestProgram.build("malloc_grow.c");
        runawayLoop = GuestProgram.build("runaway_loop.c");
        faasmIo = GuestProgram.build("faasm_io.c", "native/faasm_shim.c");
        containers = GuestProgram.build("containers.cpp");
        mathPrintf = GuestProgram.build("math_printf.c");
    }

    @Test
    void shouldPassArgumentsLikeNativeWhenTheyAreEmptyQuotedOrLookLikeOptions(@TempDir final Path dir)
        throws IOException
    {
        // "@FILE" must reach the guest as-is, never be expanded as an argument file; "-O2" and "--dir" after the
        // module belong to the guest, not to `wabric run`.
        final Path atFile = Files.writeString(dir.resolve("words.txt"), "not\narguments\n");
        final List<String> guestArgs = List.of("plain", "", "with space", "é ü 日本", "-O2", "--dir", "x",
            "@" + atFile, "tab\there");
        assertSameAsNative(args.runNative(guestArgs, null, null), args.runWabric(List.of(), guestArgs, null));
    }

    @Test
    void shouldRunAFunctionTooLargeForOneJvmMethodAsNativeDoes()
    {
        // the function runs in Chicory's interpreter (ModuleLoaderTest checks the warning, which only the first,
        // uncached compile prints); what matters here is that the program runs and prints what native prints
        final GuestProgram huge = GuestProgram.build("huge_function.c");
        assertSameAsNative(huge.runNative(List.of(), null, null), huge.runWabric(List.of(), List.of(), null));
    }

    @Test
    void shouldTellTheGuestItsStreamsAreNotTerminalsWhenTheyAreNot()
    {
        final GuestProgram isatty = GuestProgram.build("isatty.c");
        final Result wabric = isatty.runWabric(List.of(), List.of(), null);
        assertSameAsNative(isatty.runNative(List.of(), null, null), wabric);
        assertTrue(wabric.stdout.startsWith("isatty stdin 0 stdout 0 stderr 0\n"), wabric.stdout.lines().findFirst()
            .orElse(""));
    }

    @Test
    void shouldRunWithoutArguments()
    {
        assertSameAsNative(args.runNative(List.of(), null, null), args.runWabric(List.of(), List.of(), null));
    }

    @Test
    void shouldShowOnlyTheEnvVariablesGivenWhenTheHostHasMore()
    {
        final Map<String, String> variables = new LinkedHashMap<>();
        variables.put("GREETING", "hello world");
        variables.put("EMPTY", "");
        variables.put("WITH_EQUALS", "a=b=c");
        variables.put("UNICODE", "naïve");
        final List<String> options = new ArrayList<>();
        variables.forEach((name, value) -> options.add("--env=" + name + "=" + value));

        final Result wabric = env.runWabric(options, List.of(), null);
        assertSameAsNative(env.runNative(List.of(), null, variables), wabric);
        // The test JVM's own environment (PATH, HOME ...) reaches the wabric process but not its guest.
        assertTrue(wabric.stdout.contains("getenv(PATH)=(null)"), wabric::toString);
    }

    @Test
    void shouldSeeAnEmptyEnvironmentWhenNoEnvIsGiven()
    {
        final Result wabric = env.runWabric(List.of(), List.of(), null);
        assertSameAsNative(env.runNative(List.of(), null, Map.of()), wabric);
        assertTrue(wabric.stdout.startsWith("count=0\n"), wabric::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "one line\n", "no final newline", "two\nlines\n\n", "binary:\u0001\u0000\u00ff"})
    void shouldEchoStdinLikeNative(final String text)
    {
        final byte[] input = text.getBytes(StandardCharsets.ISO_8859_1);
        assertSameAsNative(stdinEcho.runNative(List.of(), input, null), stdinEcho.runWabric(List.of(), List.of(), input));
    }

    @Test
    void shouldEchoLargeStdinLikeNative()
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            text.append("line ").append(i).append(" of the big input\n");
        }
        final byte[] input = text.toString().getBytes(StandardCharsets.UTF_8);
        assertSameAsNative(stdinEcho.runNative(List.of(), input, null), stdinEcho.runWabric(List.of(), List.of(), input));
    }

    @ParameterizedTest
    @CsvSource({"return,0", "return,7", "return,255", "return,300", "exit,3", "exit,42", "exit0,"})
    void shouldExitWithTheGuestStatusLikeNative(final String mode, final String status)
    {
        final List<String> guestArgs = status == null ? List.of(mode) : List.of(mode, status);
        assertSameAsNative(exitCodes.runNative(guestArgs, null, null), exitCodes.runWabric(List.of(), guestArgs, null));
    }

    @Test
    void shouldReadSaneClocksAndRandomLikeNative()
    {
        final Result wabric = clocksRandom.runWabric(List.of(), List.of(), null);
        assertSameAsNative(clocksRandom.runNative(List.of(), null, null), wabric);
        assertEquals(0, wabric.exitCode, wabric::toString);
        assertFalse(wabric.stdout.contains("bad"), wabric::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.75", "-2.5", "1e-300", "12345.678"})
    void shouldComputeAndFormatNumbersLikeNative(final String x)
    {
        // Includes printf("%Lg"), which aborted until `wabric cc` linked wasi-libc's long double printf.
        final List<String> guestArgs = List.of(x);
        assertSameAsNative(mathPrintf.runNative(guestArgs, null, null), mathPrintf.runWabric(List.of(), guestArgs, null));
    }

    @Test
    void shouldGrowMemoryForMallocLikeNative()
    {
        final List<String> guestArgs = List.of("grow", "96");
        assertSameAsNative(mallocGrow.runNative(guestArgs, null, null), mallocGrow.runWabric(List.of(), guestArgs, null));
    }

    @Test
    void shouldReturnNullFromMallocAndSaySoWhenMaxMemoryIsHit()
    {
        final List<String> guestArgs = List.of("until-null", "512");
        // Natively the same cap comes from the address-space limit: malloc returns NULL and the program says so.
        final Result nativeRun = mallocGrow.runNativeUnder("ulimit -v 98304; exec", guestArgs);
        final Result wabric = mallocGrow.runWabric(List.of("--max-memory", "32M"), guestArgs, null);

        assertSameAsNative(nativeRun, wabric);
        assertTrue(wabric.stdout.startsWith("malloc returned NULL"), wabric::toString);
        final List<String> wabricLines = wabric.stderr.lines().filter(line -> line.startsWith("wabric:")).toList();
        assertEquals(1, wabricLines.size(), wabric::toString);
        assertTrue(wabricLines.get(0).contains("refused") && wabricLines.get(0).contains("32 MiB") &&
            wabricLines.get(0).contains("--max-memory"), wabric::toString);
    }

    @Test
    void shouldNotCapMemoryBelowWhatTheProgramNeedsWhenMaxMemoryIsLarger()
    {
        final List<String> guestArgs = List.of("grow", "16");
        assertSameAsNative(mallocGrow.runNative(guestArgs, null, null),
            mallocGrow.runWabric(List.of("--max-memory", "64MiB"), guestArgs, null));
    }

    @Test
    void shouldStopRunawayLoopWithExit124WhenTimeoutPasses()
    {
        final Result nativeRun = runawayLoop.runNativeUnder("timeout 1", List.of());
        final Result wabric = runawayLoop.runWabric(List.of("--timeout", "1"), List.of(), null);

        assertSameAsNative(nativeRun, wabric);
        assertEquals(124, wabric.exitCode, wabric::toString);
        assertTrue(wabric.stderr.contains("timed out after 1000 ms"), wabric::toString);
        assertTrue(wabric.elapsedMs < 30_000, wabric::toString);
    }

    @Test
    void shouldStopRunawayLoopWhenTimeoutIsBelowOneMillisecond()
    {
        // 0.0001 s once rounded to 0 ms, which means no limit: the guest ran forever.
        final Result wabric = runawayLoop.runWabric(List.of("--timeout", "0.0001"), List.of(), null);
        assertEquals(124, wabric.exitCode, wabric::toString);
        assertTrue(wabric.stderr.contains("timed out after 1 ms"), wabric::toString);
    }

    @Test
    void shouldPassFaasmInputTextAndPrintOutput()
    {
        final String input = "hello faasm, this is the call input";
        assertSameAsNative(faasmIo.runNative(List.of(), input.getBytes(StandardCharsets.UTF_8), null),
            faasmIo.runWabric(List.of("--input", input), List.of(), null));
    }

    @Test
    void shouldReadEmptyFaasmInputWhenNoneIsGiven()
    {
        assertSameAsNative(faasmIo.runNative(List.of(), null, null), faasmIo.runWabric(List.of(), List.of(), null));
    }

    @Test
    void shouldPassFaasmInputFileBytesAndWriteOutputFile(@TempDir final Path dir) throws IOException
    {
        final byte[] input = new byte[3000];
        for (int i = 0; i < input.length; i++)
        {
            input[i] = (byte)(i * 37 + 11);
        }
        final Path inputFile = Files.write(dir.resolve("input.bin"), input);
        final Path nativeOutput = dir.resolve("native-output.bin");
        final Path wabricOutput = dir.resolve("wabric-output.bin");

        final Result nativeRun = faasmIo.runNative(List.of(), input, Map.of("FAASM_OUTPUT", nativeOutput.toString()));
        final Result wabric = faasmIo.runWabric(
            List.of("--input", "@" + inputFile, "--output", wabricOutput.toString()), List.of(), null);

        assertSameAsNative(nativeRun, wabric);
        assertEquals("faasm_io done\n", wabric.stdout);
        assertArrayEquals(Files.readAllBytes(nativeOutput), Files.readAllBytes(wabricOutput));
        assertTrue(Files.size(wabricOutput) > input.length);
    }

    @Test
    void shouldReportMissingInputFileInOneLine()
    {
        final Result wabric = faasmIo.runWabric(List.of("--input", "@/no/such/input.bin"), List.of(), null);
        assertEquals(2, wabric.exitCode, wabric::toString);
        assertEquals(1, wabric.stderr.lines().count(), wabric::toString);
        assertTrue(wabric.stderr.contains("/no/such/input.bin"), wabric::toString);
    }

    @Test
    void shouldRunCxxWithLibcxxLikeNative()
    {
        assertSameAsNative(containers.runNative(List.of(), null, null), containers.runWabric(List.of(), List.of(), null));
        final List<String> words = List.of("kiwi", "apple", "kiwi", "date");
        assertSameAsNative(containers.runNative(words, null, null), containers.runWabric(List.of(), words, null));
    }

    static void assertSameAsNative(final Result nativeRun, final Result wabric)
    {
        final String context = "native: " + nativeRun + "\nwabric: " + wabric;
        assertEquals(nativeRun.exitCode, wabric.exitCode, () -> "exit status differs\n" + context);
        assertArrayEquals(nativeRun.stdoutBytes, wabric.stdoutBytes, () -> "stdout differs\n" + context);
        assertFalse(wabric.stderr.contains("Exception"), () -> "Java exception leaked\n" + context);
    }
}
