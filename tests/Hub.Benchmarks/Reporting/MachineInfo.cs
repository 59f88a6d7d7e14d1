using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Hub.Testing;

namespace Hub.Benchmarks.Reporting;

/// <summary>What the figures were measured on, read at the start of a run.</summary>
public sealed record MachineInfo(
    DateTimeOffset At, string Cpus, string CpuModel, string Memory, string DotnetSdk, string Runtime, string Commit, string LoadAverage)
{
    public static MachineInfo Collect()
    {
        // The harnesses' own output does not count: a run after another would otherwise always read as uncommitted code.
        var status = Run("git", "status", "--porcelain", "--", ".", ":(exclude)docs/benchmarks.md");
        var commit = Run("git", "rev-parse", "--short", "HEAD") + (status is "" or "unknown" ? "" : " with uncommitted changes");
        return new MachineInfo(
            DateTimeOffset.UtcNow,
            Run("nproc"),
            ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            ProcField("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
                ? (k / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " GiB"
                : "unknown",
            Run("dotnet", "--version"),
            RuntimeInformation.FrameworkDescription,
            commit,
            LoadAverageNow());
    }

    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ProcField(string file, string name)
    {
        if (!File.Exists(file)) return null;
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }

    private static string Run(string file, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
            foreach (var arg in args) info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Trim() : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
