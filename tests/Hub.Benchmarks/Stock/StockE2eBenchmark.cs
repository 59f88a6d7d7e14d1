using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hub.Benchmarks.Reporting;
using Hub.Core.Registry;
using Hub.Testing;

namespace Hub.Benchmarks.Stock;

/// <summary>
/// <c>stock-e2e [--rows 1000000] [--xlsx-rows 200000]</c>: a generated snapshot CSV uploaded to Standalone (a child process)
/// until every stock level is queryable, with the stages' shares and Standalone's peak resident set; in the same run the raw
/// parser and our reader over the same file, a bare bulk write of the same rows into the same store, and XLSX reading.
/// Prints the Markdown and writes it to docs/benchmarks.md.
/// </summary>
public static class StockE2eBenchmark
{
    public const string Command = "stock-e2e";
    public const int BulkBatchSize = 1000;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string DocumentPath => Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");
    private static string StandaloneDll => Path.Combine(RepositoryPaths.Root, "functions", "Hub.Standalone", "bin", "Release", "net10.0", "Hub.Standalone.dll");

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [XlsxReadVariant.Flag, ..]) return XlsxReadVariant.Run(args);
        int rows = 1_000_000, xlsxRows = 200_000;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--rows" or "--xlsx-rows" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, Inv, out var n) && n >= 100)
            {
                if (args[i] == "--rows") rows = n; else xlsxRows = n;
                i++;
            }
            else
            {
                Console.Error.WriteLine("Usage: stock-e2e [--rows 1000000] [--xlsx-rows 200000]   (each at least 100)");
                return 2;
            }
        }
        if (RepositoryPaths.Configuration != "Release")
        {
            Console.Error.WriteLine("Run the harness in Release: dotnet run -c Release --project tests/Hub.Benchmarks -- stock-e2e");
            return 2;
        }
        if (!File.Exists(StandaloneDll))
        {
            Console.Error.WriteLine($"{StandaloneDll} is missing: build first, dotnet build -c Release tests/Hub.Benchmarks");
            return 2;
        }

        var machine = MachineInfo.Collect();
        var work = Path.Combine(Path.GetTempPath(), $"hub-stock-e2e-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            var csv = Path.Combine(work, $"snapshot-{rows}.csv");
            Console.WriteLine($"Generating {rows:N0} rows into {csv} ...");
            var clock = Stopwatch.StartNew();
            var written = StockSnapshotFile.Write(csv, StockSnapshotFile.Generate(rows, uniqueKeys: true));
            Console.WriteLine($"  {written.Bytes / 1e6:F1} MB in {clock.Elapsed.TotalSeconds:F1} s");

            // Standalone first, with the machine otherwise idle; the in-process yardsticks after it has stopped.
            var e2e = await StandaloneStockRun.RunAsync(work, csv, written);

            var parse = new Dictionary<string, VariantResult>();
            foreach (var variant in new[] { "a", "b", "c", "d" })
            {
                Console.WriteLine($"Parse variant ({variant}) in a child process ...");
                parse[variant] = StockParseBenchmark.RunChild(variant, csv);
                var r = parse[variant];
                Console.WriteLine($"  first pass {r.FirstPassSeconds:F3} s, then {string.Join(" / ", r.PassSeconds.Select(s => s.ToString("F3", Inv)))} s");
            }

            Console.WriteLine($"Bare bulk write: building {rows:N0} stock-level documents ...");
            var op = new OperatorRegistration { Id = StandaloneStockRun.OperatorId, Warehouses = StockSnapshotFile.Warehouses };
            var documents = BareBulkWrite.Documents(csv, op, e2e.ReportId, DateTimeOffset.UtcNow);
            var bulk = new List<BulkWriteResult>();
            // As asked: consecutive rows of the file, one call at a time; then as the projection gets them: sorted, a warehouse per batch, a few at once.
            foreach (var (sorted, inFlight) in new[] { (false, 1), (true, 4) })
            {
                Console.WriteLine($"  UpsertNewerAsync, batches of {BulkBatchSize} {(sorted ? "in (warehouse, sku) order" : "in file order")}, {inFlight} in flight ...");
                var result = await BareBulkWrite.RunAsync(documents, BulkBatchSize, sorted, inFlight);
                bulk.Add(result);
                Console.WriteLine($"    {result.Seconds:F2} s, {result.DocumentsPerSecond:N0} documents/s ({result.FirstTenthPerSecond:N0}/s over the first tenth, " +
                    $"{result.LastTenthPerSecond:N0}/s over the last), {result.Written:N0} written, {result.Commits:N0} commits, {result.DiskBytesWritten / 1e9:F1} GB to disk");
            }
            documents = null;
            GC.Collect();

            var xlsx = new List<XlsxRun>();
            var small = Math.Max(100, xlsxRows / 4);
            foreach (var shared in new[] { true, false })
            {
                foreach (var size in new[] { small, xlsxRows })
                {
                    var file = Path.Combine(work, $"snapshot-{size}-{(shared ? "shared" : "inline")}.xlsx");
                    Console.WriteLine($"XLSX, {size:N0} rows, {(shared ? "shared" : "inline")} strings ...");
                    var bytes = StockXlsxFile.Write(file, size, shared);
                    var result = RunXlsxChild(file);
                    xlsx.Add(new XlsxRun(shared, size, bytes, result));
                    Console.WriteLine($"  {bytes / 1e6:F1} MB; first pass {result.FirstPassSeconds:F2} s ({result.Rows / result.FirstPassSeconds:N0} rows/s), " +
                        $"best {result.PassSeconds.Min():F2} s; resident +{(result.PeakBytes - result.BaselineBytes) / 1048576.0:F0} MiB at peak");
                    File.Delete(file);
                }
            }

            var shapes = await RunShapesAsync(work, rows);

            var report = new StockE2eReport(machine, rows, xlsxRows, written, e2e, parse, bulk, xlsx, shapes, MachineInfo.LoadAverageNow());
            var markdown = report.ToMarkdown();
            Console.WriteLine();
            Console.WriteLine(markdown);
            if (report.Failures.Count > 0)
            {
                Console.Error.WriteLine($"FAILED: {report.Failures.Count} problem(s) make this run's figures invalid; docs/benchmarks.md is left as it was.");
                foreach (var failure in report.Failures) Console.Error.WriteLine("  " + failure);
                return 1;
            }
            BenchmarksDocument.ReplaceSection(DocumentPath, markdown);
            Console.WriteLine($"Written to {DocumentPath}.");
            return 0;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The shapes of issue 8, each through a Standalone of its own: 2x the rows of one repeated CSV row, 9x as an XLSX of one
    /// repeated row, and the rows in random order with two lots per stock level on average.
    /// </summary>
    private static async Task<IReadOnlyList<ShapeRun>> RunShapesAsync(string work, int rows)
    {
        var runs = new List<ShapeRun>();
        var shapes = new (string Name, string File, Func<string, StockSnapshotFile.Written> Write, Func<StockSnapshotFile.Written, StockShapeFiles.Expected> Expect)[]
        {
            ("one row repeated (CSV)", "repeated.csv", f => StockShapeFiles.WriteRepeatedCsv(f, 2 * rows), _ => StockShapeFiles.OfRepeated),
            ("one row repeated (XLSX, shared strings)", "repeated.xlsx", f => StockShapeFiles.WriteRepeatedXlsx(f, 9 * rows), _ => StockShapeFiles.OfRepeated),
            ("random order, two lots per stock level (CSV)", "lots.csv", f => StockShapeFiles.WriteLotsCsv(f, rows), w => StockShapeFiles.OfLots(w, rows)),
        };
        foreach (var (name, fileName, write, expect) in shapes)
        {
            var folder = Path.Combine(work, "shape-" + Path.GetFileNameWithoutExtension(fileName) + Path.GetExtension(fileName).TrimStart('.'));
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, fileName);
            Console.WriteLine($"Shape: {name} ...");
            var written = write(file);
            Console.WriteLine($"  {written.Rows:N0} rows, {written.Bytes / 1e6:F1} MB");
            var result = await StandaloneStockRun.RunAsync(folder, file, written);
            runs.Add(new ShapeRun(name, expect(written), result));
            File.Delete(file);
        }
        return runs;
    }

    private static XlsxReadResult RunXlsxChild(string file)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(StockE2eBenchmark).Assembly.Location, Command, XlsxReadVariant.Flag, "--file", file })
            info.ArgumentList.Add(arg);
        using var child = Process.Start(info)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"the XLSX read of {file} failed (exit {child.ExitCode}): {output}");
        return JsonSerializer.Deserialize<XlsxReadResult>(line["RESULT ".Length..])!;
    }
}

public sealed record XlsxRun(bool SharedStrings, int Rows, long Bytes, XlsxReadResult Result);

public sealed record ShapeRun(string Name, StockShapeFiles.Expected Expected, E2eResult Result);
