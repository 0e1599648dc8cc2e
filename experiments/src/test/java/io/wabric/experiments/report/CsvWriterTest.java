package io.wabric.experiments.report;

import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;
import io.wabric.experiments.result.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvWriterTest
{
    @Test
    void shouldWriteOneRowPerMeasurementWithHeader(@TempDir final Path dir) throws Exception
    {
        final Results results = new Results()
            .add(new Measurement("kernels", "matmul", "native", 1, 512, Summary.of(1, 2, 3), "ms"))
            .add(new Measurement("startup", "hello", "wabric-cold", 1, Measurement.NO_SIZE, Summary.of(612.5), "ms"));
        final Path file = dir.resolve("results.csv");
        CsvWriter.write(results, file);
        assertEquals(
            "group,experiment,variant,threads,size,median,p10,p90,p99,unit,samples\n" +
            "kernels,matmul,native,1,512,2.0000,1.2000,2.8000,2.9800,ms,3\n" +
            "startup,hello,wabric-cold,1,,612.5000,612.5000,612.5000,612.5000,ms,1\n",
            Files.readString(file));
    }

    @Test
    void shouldQuoteFieldsWithCommasOrQuotes()
    {
        assertEquals("plain", CsvWriter.field("plain"));
        assertEquals("\"a,b\"", CsvWriter.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvWriter.field("say \"hi\""));
    }
}
