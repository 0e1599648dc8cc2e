package io.wabric.experiments;

import io.wabric.experiments.goal.Goal;
import io.wabric.experiments.goal.GoalEvaluator;
import io.wabric.experiments.program.ProgramException;
import io.wabric.experiments.report.CsvWriter;
import io.wabric.experiments.report.PlotWriter;
import io.wabric.experiments.report.ReportWriter;
import io.wabric.experiments.report.RunInfo;
import io.wabric.experiments.result.Results;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wabric bench}: builds the experiment programs natively and for Wabric, runs them interleaved, and writes
 * {@code results.csv}, {@code report.md} and PNG plots. Started by {@code bin/wabric bench}, which builds this module
 * first; exits 0 when every experiment was measured, 1 when any failed (failures are listed in the report).
 */
@Command(
    name = "wabric bench",
    mixinStandardHelpOptions = true,
    version = "wabric bench (see bin/wabric --version)",
    description = {
        "Measure Wabric against native code on this machine: serial and OpenMP kernels, OpenMP overheads, MPI " +
        "latencies, a hybrid proxy application, start-up and instance density, each built natively (gcc, OpenMPI) " +
        "and with wabric cc, run interleaved (native, Wabric, native, Wabric...) with warm-up.",
        "Writes DIR/results.csv, DIR/report.md and DIR/*.png."
    })
public final class BenchCommand implements Callable<Integer>
{
    /** The longest one experiment process may run. */
    static final long PROCESS_TIMEOUT_MS = 300_000;

    @Option(names = "--quick", description = "Small sizes, one round: a smoke test of a minute or two (CI runs it).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).",
        defaultValue = "bench-out")
    Path outDir;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
        description = "Run only these experiments or groups (see --list), e.g. --only matmul,startup.")
    List<String> only = new ArrayList<>();

    @Option(names = "--docs", paramLabel = "DIR",
        description = "Also write DIR/performance.md with its images in DIR/img/ (e.g. --docs docs).")
    Path docsDir;

    @Option(names = "--list", description = "List the experiments and exit.")
    boolean list;

    private final String[] args;

    BenchCommand(final String[] args)
    {
        this.args = args.clone();
    }

    /**
     * Entry point.
     *
     * @param args command-line arguments, as given to {@code wabric bench}.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /**
     * Runs a bench command line and returns its exit status, for tests.
     *
     * @param args command-line arguments.
     * @return the exit status.
     */
    public static int execute(final String... args)
    {
        final CommandLine commandLine = new CommandLine(new BenchCommand(args));
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            System.err.println("wabric bench: " + ex.getMessage());
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws IOException
    {
        final List<Experiment> catalogue = ExperimentCatalogue.experiments();
        if (list)
        {
            for (final Experiment experiment : catalogue)
            {
                System.out.printf("%-17s %-8s %s%n", experiment.name(), experiment.group(), experiment.description());
            }
            return 0;
        }
        final ExperimentPlan plan = ExperimentPlan.select(catalogue, only, quick);
        final Path out = outDir.toAbsolutePath().normalize();
        Files.createDirectories(out);
        final Progress progress = new Progress(System.err);
        final BenchContext context = new BenchContext(home(), out, plan, progress, PROCESS_TIMEOUT_MS);
        final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final String loadAtStart = MachineInfo.loadAverage();
        progress.note("writing to " + out + "; " + plan.describe());
        final Results results = new Results();
        final List<Experiment> experiments = plan.experiments();
        for (int i = 0; i < experiments.size(); i++)
        {
            final Experiment experiment = experiments.get(i);
            progress.experiment(i + 1, experiments.size(), experiment);
            try
            {
                experiment.run(context, results);
            }
            catch (final ProgramException | IllegalStateException | UncheckedIOException ex)
            {
                progress.step("FAILED: " + ex.getMessage());
                results.fail(experiment.name(), ex.getMessage());
            }
        }

        final RunInfo info = new RunInfo(commandLine(), startedAt.toString(), progress.elapsedS(), plan.describe(),
            plan.quick(), MachineInfo.collect(context, loadAtStart));
        final PlotWriter plots = new PlotWriter(out);
        final ReportWriter reportWriter = new ReportWriter(ExperimentCatalogue.sections());
        CsvWriter.write(results, out.resolve("results.csv"));
        Files.writeString(out.resolve("report.md"), reportWriter.render(info, results, plots, ""),
            StandardCharsets.UTF_8);
        if (docsDir != null)
        {
            writeDocs(reportWriter.render(info, results, plots, "img/"), plots.written());
        }
        for (final Goal goal : GoalEvaluator.evaluate(results, info.quick(), info.durationS()))
        {
            progress.note("goal " + goal);
        }
        progress.note("load average " + info.environment().get(MachineInfo.LOAD_AVERAGE));
        progress.note("wrote " + out.resolve("results.csv") + ", " + out.resolve("report.md") + " and " +
            plots.written().size() + " plot(s)" + (docsDir == null ? "" : "; updated " +
            docsDir.resolve("performance.md")));
        if (!results.failures().isEmpty())
        {
            progress.note(results.failures().size() + " experiment(s) failed: " + results.failures().keySet() +
                "; see report.md");
            return 1;
        }
        return 0;
    }

    private void writeDocs(final String markdown, final List<Path> images) throws IOException
    {
        final Path imageDir = docsDir.resolve("img");
        Files.createDirectories(imageDir);
        for (final Path image : images)
        {
            Files.copy(image, imageDir.resolve(image.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(docsDir.resolve("performance.md"), markdown, StandardCharsets.UTF_8);
    }

    private String commandLine()
    {
        final StringBuilder command = new StringBuilder("bin/wabric bench");
        for (final String arg : args)
        {
            command.append(' ').append(arg);
        }
        return command.toString();
    }

    /**
     * @return Wabric's checkout: {@code -Dwabric.home} (set by {@code bin/wabric}), else three levels above this jar.
     */
    static Path home()
    {
        final String property = System.getProperty("wabric.home");
        if (property != null && !property.isEmpty())
        {
            return Path.of(property).toAbsolutePath().normalize();
        }
        try
        {
            final Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot locate Wabric's checkout; set -Dwabric.home", ex);
        }
    }
}
