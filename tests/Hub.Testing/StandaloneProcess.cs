using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Hub.Testing;

/// <summary>
/// The real Standalone host as a child process on a loopback port chosen by the OS: what a user runs, so tests can
/// kill it with SIGKILL and start it again on the same data folder.
/// </summary>
public sealed partial class StandaloneProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public Uri BaseAddress { get; private set; }
    /// <summary>The <c>--data</c> it was given; null when it chose its own (a demo run without <c>--data</c>).</summary>
    public string? DataPath { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    private StandaloneProcess(Process process, Uri baseAddress, string? dataPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataPath = dataPath;
    }

    /// <param name="dataPath">Passed as <c>--data</c>; null passes none, as README's run command does.</param>
    /// <param name="arguments">More command-line arguments after the fixed ones (<c>--demo</c>).</param>
    /// <param name="workingDirectory">Where relative paths resolve (the default <c>.hub/</c>); the repository root unless given.</param>
    public static async Task<StandaloneProcess> StartAsync(string? dataPath, string? registryPath = null, IReadOnlyDictionary<string, string>? settings = null,
        TimeSpan? timeout = null, IReadOnlyList<string>? arguments = null, string? workingDirectory = null)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "functions", "Hub.Standalone", "bin", RepositoryPaths.Configuration, "net10.0", "Hub.Standalone.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the solution first: {dll} is missing.", dll);

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--registry", registryPath ?? RepositoryPaths.SeedRegistry })
            info.ArgumentList.Add(arg);
        if (dataPath is not null) foreach (var arg in new[] { "--data", dataPath }) info.ArgumentList.Add(arg);
        foreach (var arg in arguments ?? []) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            info.Environment[key.Replace(":", "__")] = value;

        var process = Process.Start(info)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = new StandaloneProcess(process, new Uri("http://127.0.0.1"), dataPath);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (host._output) host._output.AppendLine(line);
            var match = ListeningOn().Match(line);
            if (match.Success) listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("Standalone exited before listening:\n" + host.Output));

        host.BaseAddress = await listening.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return host;
    }

    /// <summary>Waits until the process has printed <paramref name="text"/>; throws with its output so far if it does not in time.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"Standalone exited before printing '{text}':\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Standalone did not print '{text}' within {timeout.TotalSeconds:F0} s:\n{Output}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what a power cut or an OOM kill looks like to the process.</summary>
    public void KillHard()
    {
        if (_process.HasExited) return;
        // The process itself first, at once: finding the tree reads /proc and takes milliseconds, in which a "kill right
        // after the 202" would let the host finish whatever it was writing.
        try { _process.Kill(); } catch (InvalidOperationException) { return; }
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        KillHard();
        await Task.CompletedTask.ConfigureAwait(false);
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    private static partial Regex ListeningOn();
}
