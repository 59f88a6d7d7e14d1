using System.Diagnostics;

namespace Hub.PartnerFeeds.Tests.Push;

/// <summary>Bounded polling for asynchronous outcomes: fails the test when the condition does not hold in time.</summary>
public static class Eventually
{
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(15);

    public static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Timeout) Assert.Fail($"Timed out after {Timeout.TotalSeconds:0} s waiting until {what}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
