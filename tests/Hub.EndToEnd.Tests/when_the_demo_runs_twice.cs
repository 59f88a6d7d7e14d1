using System.Text.RegularExpressions;
using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// README's run command with <c>--demo</c> (no <c>--data</c>), run twice from the same folder: each run replays the
/// samples into a fresh data folder of its own, so the second tells the same story as the first.
/// </summary>
public sealed partial class when_the_demo_runs_twice(DemoTwiceFixture demo) : IClassFixture<DemoTwiceFixture>
{
    [Fact]
    public void both_runs_print_the_same_account()
    {
        Assert.Equal(DemoAccount.Of(demo.First), DemoAccount.Of(demo.Second));
    }

    [Fact]
    public void every_sample_is_as_expected_and_the_stock_levels_are_listed_both_times()
    {
        foreach (var output in new[] { demo.First, demo.Second })
        {
            Assert.DoesNotContain("not as expected", output);
            Assert.DoesNotContain("already there", output);
            Assert.Contains("== Demo done. The hub keeps running", output);
            Assert.Matches(@"zj-haiwaicang/2026-11-25-库存\.csv: 202 report [0-9a-f]{8} -> completed: 10 of 10 rows accepted", output);
            Assert.True(DemoAccount.StockLevels(output).Count >= 10, $"Too few stock levels listed:\n{output}");
        }
    }

    [Fact]
    public void each_run_says_where_its_fresh_data_folder_is()
    {
        var folders = new[] { demo.First, demo.Second }.Select(o => DataLine().Match(o)).ToList();

        Assert.All(folders, f => Assert.True(f.Success, "No data folder line."));
        Assert.All(folders, f => Assert.StartsWith(Path.Combine(demo.WorkingDirectory, ".hub", "demo-"), f.Groups[1].Value));
        Assert.All(folders, f => Assert.True(File.Exists(Path.Combine(f.Groups[1].Value, "hub.db")), $"No hub.db in {f.Groups[1].Value}"));
        Assert.NotEqual(folders[0].Groups[1].Value, folders[1].Groups[1].Value);
    }

    [GeneratedRegex(@"== Demo: data in (\S+) \(a fresh folder for each run")]
    private static partial Regex DataLine();
}

/// <summary>
/// Two demo runs one after the other from a scratch working folder (so that the default <c>.hub/</c> lands there, not
/// in the repository), each left running until it has printed its account.
/// </summary>
public sealed class DemoTwiceFixture : IAsyncLifetime
{
    public string WorkingDirectory { get; } = Directory.CreateTempSubdirectory("hub-demo-twice-").FullName;
    public string First { get; private set; } = "";
    public string Second { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        First = await DemoAccount.RunAsync(dataPath: null, WorkingDirectory);
        Second = await DemoAccount.RunAsync(dataPath: null, WorkingDirectory);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// What a demo run prints about the samples, without what differs from run to run by nature (port, clock) and without
/// the host's log entries, which the console writes from a queue of its own and so lands between the demo's lines anywhere.
/// </summary>
public static partial class DemoAccount
{
    public static async Task<string> RunAsync(string? dataPath, string? workingDirectory = null)
    {
        await using var hub = await StandaloneProcess.StartAsync(dataPath, arguments: ["--demo"], workingDirectory: workingDirectory);
        await hub.WaitForOutputAsync("== Demo done", TimeSpan.FromSeconds(120));
        return hub.Output;
    }

    public static string Of(string output)
    {
        var start = output.IndexOf("== Demo: replaying", StringComparison.Ordinal);
        var end = output.IndexOf("== Demo done", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"No demo account in:\n{output}");
        var account = LogEntry().Replace(output[start..end].ReplaceLineEndings("\n"), "");
        account = Address().Replace(account, "http://127.0.0.1:<port>");
        account = Time().Replace(account, "<time>");
        // A matchmaking run has a new id each time, and how often its progress is caught while it runs, and how long it
        // takes, depend on the machine's pace: the rest of its account is the same.
        account = RunProgress().Replace(account, "");
        account = RunId().Replace(account, "<run>");
        account = RunDuration().Replace(account, "completed in <duration>:");
        return account;
    }

    /// <summary>The lines under "Stock levels in the read store".</summary>
    public static IReadOnlyList<string> StockLevels(string output) =>
        Of(output).Split('\n').Where(l => l.Contains(" on hand ", StringComparison.Ordinal)).ToList();

    [GeneratedRegex(@"^(trce|dbug|info|warn|fail|crit): .*\n {6}\S.*\n", RegexOptions.Multiline)]
    private static partial Regex LogEntry();

    [GeneratedRegex(@"^   run (queued|running).*\n", RegexOptions.Multiline)]
    private static partial Regex RunProgress();

    [GeneratedRegex(@"\b[0-9a-f]{32}\b")]
    private static partial Regex RunId();

    [GeneratedRegex(@"completed in [0-9.]+ s:")]
    private static partial Regex RunDuration();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex Time();
}
