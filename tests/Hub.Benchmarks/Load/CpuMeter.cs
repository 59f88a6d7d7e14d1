using System.Diagnostics;
using System.Globalization;

namespace Hub.Benchmarks.Load;

/// <summary>
/// CPU time of the named processes, split by thread name, and of the whole machine (<c>/proc/stat</c>) between
/// <see cref="Start"/> and <see cref="Stop"/>, in cores: on a shared machine, the remainder is everyone else.
/// </summary>
public sealed class CpuMeter(IReadOnlyList<(string Name, Process Process)> processes)
{
    /// <summary>USER_HZ, the unit of /proc's CPU times on every Linux that .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    private long _startedAt;
    private TimeSpan[] _startCpu = [];
    private Dictionary<int, (string Name, long Ticks)>[] _startThreads = [];
    private (long Busy, long Total, int Cpus)? _startMachine;

    public void Start()
    {
        _startedAt = Stopwatch.GetTimestamp();
        _startCpu = processes.Select(p => CpuOf(p.Process)).ToArray();
        _startThreads = processes.Select(p => ThreadsOf(p.Process)).ToArray();
        _startMachine = Machine();
    }

    public CpuUsage Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt);
        var cores = new Dictionary<string, double>();
        var threads = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        for (var i = 0; i < processes.Count; i++)
        {
            var (name, process) = processes[i];
            cores[name] = (CpuOf(process) - _startCpu[i]) / wall;
            var before = _startThreads[i];
            // By thread id: those started meanwhile count from zero; those that ended meanwhile are missing.
            threads[name] = ThreadsOf(process)
                .GroupBy(t => t.Value.Name, t => t.Value.Ticks - (before.TryGetValue(t.Key, out var b) && b.Name == t.Value.Name ? b.Ticks : 0))
                .Select(g => (Name: g.Key, Cores: g.Sum() / TicksPerSecond / wall.TotalSeconds))
                .Where(t => t.Cores > 0)
                .OrderByDescending(t => t.Cores)
                .ToDictionary(t => t.Name, t => t.Cores);
        }
        double? machine = null;
        if (_startMachine is { } start && Machine() is { } end && end.Total > start.Total)
            machine = (end.Busy - start.Busy) / (double)(end.Total - start.Total) * end.Cpus;
        return new CpuUsage(cores, threads, machine);
    }

    private static TimeSpan CpuOf(Process process)
    {
        process.Refresh();
        return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
    }

    /// <summary>Name and user + system ticks by thread id (<c>/proc/&lt;pid&gt;/task/*/stat</c>), empty where there is no /proc.</summary>
    private static Dictionary<int, (string Name, long Ticks)> ThreadsOf(Process process)
    {
        var byId = new Dictionary<int, (string, long)>();
        var tasks = $"/proc/{process.Id}/task";
        if (!Directory.Exists(tasks)) return byId;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                var name = stat[(open + 1)..close];
                // After the name: state is field 3, utime and stime are fields 14 and 15.
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                byId[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (name, ticks);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended while being read.
            }
        }
        return byId;
    }

    /// <summary>Busy and total ticks summed over the CPUs /proc/stat lists, and how many; null where there is no /proc.</summary>
    private static (long Busy, long Total, int Cpus)? Machine()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/stat");
            var fields = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + fields[4];
            var total = fields.Sum();
            var cpus = lines.Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsAsciiDigit(l[3]));
            return (total - idle, total, cpus);
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <param name="Cores">CPU time per wall-clock second, per process.</param>
/// <param name="Threads">The same per process and thread name (.NET names its thread-pool, GC and long-running threads), busiest first.</param>
/// <param name="MachineCores">The same for the whole machine, whoever used it.</param>
public sealed record CpuUsage(
    IReadOnlyDictionary<string, double> Cores, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Threads, double? MachineCores);
