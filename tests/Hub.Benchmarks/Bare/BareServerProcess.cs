using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Hub.Benchmarks.Bare;

/// <summary>This harness started again as <c>bare-server</c> on a loopback port chosen by the OS.</summary>
public sealed partial class BareServerProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    public Process Process { get; }
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");
    public string Output { get { lock (_output) return _output.ToString(); } }

    private BareServerProcess(Process process) => Process = process;

    public static async Task<BareServerProcess> StartAsync(TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { typeof(BareServer).Assembly.Location, BareServer.Command, "--urls", "http://127.0.0.1:0" })
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";

        var host = new BareServerProcess(Process.Start(info)!);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (host._output) host._output.AppendLine(line);
            var match = ListeningOn().Match(line);
            if (match.Success) listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
        host.Process.OutputDataReceived += (_, e) => OnLine(e.Data);
        host.Process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        host.Process.BeginOutputReadLine();
        host.Process.BeginErrorReadLine();
        host.Process.EnableRaisingEvents = true;
        host.Process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The bare server exited before listening:\n" + host.Output));

        host.BaseAddress = await listening.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
