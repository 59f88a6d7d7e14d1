using System.Diagnostics;
using System.Text.Json;
using Hub.Core.Registry;
using Hub.StockReports.Intake;
using Hub.StockReports.Parsing;
using Hub.StockReports.Processing;
using Hub.StockReports.Rows;
using nietras.SeparatedValues;

namespace Hub.Benchmarks.Stock;

/// <summary>What one child process measured for one variant.</summary>
/// <param name="FirstPassSeconds">The warm-up pass: the first in a fresh process, as a server that reads a file once runs it.</param>
public sealed record VariantResult(
    string Variant, long Rows, long Valid, double[] PassSeconds, long[] PassAllocatedBytes, long PeakWorkingSetBytes, string Gc, double FirstPassSeconds = 0);

/// <summary>
/// <c>stock-parse --child a|b|c|d --file PATH</c> (internal): one warm-up pass then three measured passes of one variant,
/// printed as one <c>RESULT {json}</c> line for the parent.
/// </summary>
public static class StockParseVariant
{
    public const string Flag = "--child";
    public const int MeasuredPasses = 3;

    public static int Run(string[] args)
    {
        string? variant = null, file = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == Flag) variant = args[i + 1];
            else if (args[i] == "--file") file = args[i + 1];
        }
        if (variant is not ("a" or "b" or "c" or "d") || file is null || !File.Exists(file))
        {
            Console.Error.WriteLine("Usage: stock-parse --child a|b|c|d --file PATH");
            return 2;
        }

        Func<string, (long Rows, long Valid)> pass = variant switch
        {
            "a" => RawSep,
            "b" => Reader,
            "c" => ReaderMappedValidated,
            _ => ProcessorReadPass,
        };

        var warm = Stopwatch.StartNew();
        var (warmRows, warmValid) = pass(file);
        var firstPass = warm.Elapsed.TotalSeconds;
        var seconds = new double[MeasuredPasses];
        var allocated = new long[MeasuredPasses];
        for (var p = 0; p < MeasuredPasses; p++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var (rows, valid) = pass(file);
            seconds[p] = clock.Elapsed.TotalSeconds;
            allocated[p] = GC.GetTotalAllocatedBytes(precise: true) - before;
            if (rows != warmRows || valid != warmValid) throw new InvalidOperationException("passes disagree on the row count");
        }
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation";
        var result = new VariantResult(variant, warmRows, warmValid, seconds, allocated, self.PeakWorkingSet64, gc, firstPass);
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>(a) The yardstick: Sep straight from the file, every field of every row as a string.</summary>
    private static (long, long) RawSep(string file)
    {
        long rows = 0, chars = 0;
        using var reader = Sep.Reader().FromFile(file);
        foreach (var row in reader)
        {
            for (var i = 0; i < row.ColCount; i++)
            {
                chars += row[i].ToString().Length;
            }
            rows++;
        }
        return (rows, chars > 0 ? rows : 0);
    }

    /// <summary>(b) Our reader: encoding detection, the guarding TextReader, Sep with unescape and trim, cells as strings.</summary>
    private static (long, long) Reader(string file)
    {
        long rows = 0;
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = TabularReaders.Open(stream, Path.GetFileName(file), new TabularReaderOptions());
        while (reader.TryReadRow(out var row))
        {
            if (row.Cells.Length > 0) rows++;
        }
        return (rows, rows);
    }

    /// <summary>(c) (b) plus the header mapping and the validation of every row into a <see cref="StockLine"/>.</summary>
    private static (long, long) ReaderMappedValidated(string file)
    {
        var op = new OperatorRegistration { Id = "bench-operator", Warehouses = StockSnapshotFile.Warehouses };
        long rows = 0, valid = 0;
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = TabularReaders.Open(stream, Path.GetFileName(file), new TabularReaderOptions());
        if (StockHeaderMapper.Map(reader.Header, op) is not StockHeaderMapping.Mapped mapped)
        {
            throw new InvalidOperationException("the generated header was rejected");
        }
        var validator = new StockRowValidator(mapped.Map, op);
        while (reader.TryReadRow(out var row))
        {
            rows++;
            if (validator.Validate(row) is StockRowResult.Valid) valid++;
        }
        return (rows, valid);
    }

    /// <summary>
    /// (d) The read pass of <c>StockReportProcessor</c> without its status and errors.csv writes: the file through the SHA-256 of
    /// <see cref="HashingReadStream"/>, (c), every valid line into <see cref="SortedStockLines"/> (runs sorted and written to
    /// work files as they fill), and the rest of the file hashed. (Repeated rows are found in the second pass.)
    /// </summary>
    private static (long, long) ProcessorReadPass(string file)
    {
        var op = new OperatorRegistration { Id = "bench-operator", Warehouses = StockSnapshotFile.Warehouses };
        long rows = 0, valid = 0;
        using var lines = new SortedStockLines(Path.Combine(Path.GetTempPath(), "hub-bench-spill"));
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        using var hashing = new HashingReadStream(stream);
        using (var reader = TabularReaders.Open(hashing, Path.GetFileName(file), StockReportProcessor.ReaderOptions(op)))
        {
            if (StockHeaderMapper.Map(reader.Header, op) is not StockHeaderMapping.Mapped mapped)
            {
                throw new InvalidOperationException("the generated header was rejected");
            }
            var validator = new StockRowValidator(mapped.Map, op);
            while (reader.TryReadRow(out var row))
            {
                rows++;
                if (validator.Validate(row) is StockRowResult.Valid { Line: var line })
                {
                    lines.Add(line);
                    valid++;
                }
            }
        }
        hashing.CopyTo(Stream.Null);
        return hashing.Sha256Hex().Length == 64 ? (rows, valid) : (rows, 0);
    }
}
