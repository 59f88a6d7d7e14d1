using System.Diagnostics;

namespace Hub.Benchmarks;

public static class ChildProcesses
{
    /// <summary>
    /// The process whose command line holds <paramref name="argument"/> (Linux /proc only), to watch its CPU time:
    /// StandaloneProcess does not expose its process.
    /// </summary>
    public static Process? FindByArgument(string argument)
    {
        if (!Directory.Exists("/proc")) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(argument))
                    return Process.GetProcessById(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Gone, or not ours to read.
            }
        }
        return null;
    }
}
