using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hub.StockReports.Parsing;

namespace Hub.Benchmarks.Stock;

/// <param name="FirstPassSeconds">The first pass in a fresh process; memory is measured over it.</param>
/// <param name="BaselineBytes">Resident set (VmRSS) just before the first pass, after a full GC.</param>
/// <param name="PeakBytes">Peak resident set (VmHWM, reset just before the pass) over the first pass, or the highest sampled VmRSS where it cannot be reset.</param>
/// <param name="HeapBeforeBytes">Live managed heap after a full GC before the pass.</param>
/// <param name="HeapWithReaderOpenBytes">Live managed heap after a full GC at the end of the pass, the reader still open: what it holds on to.</param>
public sealed record XlsxReadResult(
    long Rows, double FirstPassSeconds, double[] PassSeconds, long AllocatedBytes,
    long BaselineBytes, long PeakBytes, bool PeakFromHwm, long HeapBeforeBytes, long HeapWithReaderOpenBytes, string Gc);

/// <summary>
/// <c>stock-e2e --xlsx-child --file PATH</c> (internal): reads an XLSX with <see cref="XlsxTabularReader"/> (via
/// <see cref="TabularReaders.Open"/> on a seekable FileStream) in a fresh process: one pass measured for time and memory, then two
/// more for time. Prints one <c>RESULT {json}</c> line for the parent.
/// </summary>
public static class XlsxReadVariant
{
    public const string Flag = "--xlsx-child";
    public const int ExtraPasses = 2;

    public static int Run(string[] args)
    {
        var file = args is [Flag, "--file", var path] ? path : null;
        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine("Usage: stock-e2e --xlsx-child --file PATH");
            return 2;
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var baseline = ProcStatus("VmRSS");
        var hwmReset = ResetPeak();

        long sampledPeak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                sampledPeak = Math.Max(sampledPeak, ProcStatus("VmRSS"));
                Thread.Sleep(2);
            }
        }) { IsBackground = true, Name = "RSS sampler" };
        sampler.Start();

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        long rows = 0;
        long heapWithReader;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read))
        using (var reader = TabularReaders.Open(stream, Path.GetFileName(file), new TabularReaderOptions()))
        {
            while (reader.TryReadRow(out var row))
            {
                if (row.Cells.Length > 0) rows++;
            }
            clock.Stop();
            heapWithReader = GC.GetTotalMemory(forceFullCollection: true);
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        stop.Cancel();
        sampler.Join();
        var peak = hwmReset ? ProcStatus("VmHWM") : sampledPeak;

        var passes = new double[ExtraPasses];
        for (var p = 0; p < ExtraPasses; p++)
        {
            var pass = Stopwatch.StartNew();
            long again = 0;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = TabularReaders.Open(stream, Path.GetFileName(file), new TabularReaderOptions());
            while (reader.TryReadRow(out _)) again++;
            passes[p] = pass.Elapsed.TotalSeconds;
            if (again != rows) throw new InvalidOperationException("passes disagree on the row count");
        }

        var result = new XlsxReadResult(rows, clock.Elapsed.TotalSeconds, passes, allocated, baseline, Math.Max(peak, baseline), hwmReset,
            heapBefore, heapWithReader, System.Runtime.GCSettings.IsServerGC ? "server" : "workstation");
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one (Linux 4.0 and later).</summary>
    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return ProcStatus("VmHWM") <= ProcStatus("VmRSS") + (4 << 20);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A <c>kB</c> field of <c>/proc/self/status</c> (or another process's), in bytes; 0 where there is none.</summary>
    public static long ProcStatus(string field, int? pid = null)
    {
        try
        {
            foreach (var line in File.ReadLines(pid is { } id ? $"/proc/{id}/status" : "/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal) && line.Length > field.Length && line[field.Length] == ':')
                {
                    var value = line[(field.Length + 1)..].Trim();
                    var space = value.IndexOf(' ');
                    return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
