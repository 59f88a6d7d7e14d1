using System.Diagnostics;

namespace Hub.Testing;

/// <summary>
/// The real Standalone host run to its exit with exactly the given arguments: for commands and refusals, where
/// <see cref="StandaloneProcess"/> would wait for a "Now listening" line that never comes.
/// </summary>
public static class StandaloneCommand
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "functions", "Hub.Standalone", "bin", RepositoryPaths.Configuration, "net10.0", "Hub.Standalone.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the solution first: {dll} is missing.", dll);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in arguments) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Standalone {string.Join(' ', arguments)} did not exit in time:\n{await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }
        return new Result(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
