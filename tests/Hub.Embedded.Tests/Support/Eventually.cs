using System.Diagnostics;

namespace Hub.Embedded.Tests.Support;

/// <summary>Bounded polling for asynchronous outcomes: fails the test when the condition does not hold in time.</summary>
public static class Eventually
{
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(10);

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), what, timeout);

    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit) Assert.Fail($"Timed out after {limit.TotalSeconds:0} s waiting until {what}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
