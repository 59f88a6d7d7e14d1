using Hub.Core.Retention;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Core.Tests;

public sealed class when_retention_sweeps_run
{
    private sealed class CountingSweep(string name, bool fails = false) : IRetentionSweep
    {
        private int _runs;
        public int Runs => Volatile.Read(ref _runs);
        public string Name => name;

        public Task<long> SweepAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return fails ? Task.FromException<long>(new IOException("disk gone")) : Task.FromResult(1L);
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task every_sweep_runs_at_start_then_once_each_interval_and_one_failing_stops_neither_the_others_nor_the_next_round()
    {
        var clock = new FakeTimeProvider();
        var broken = new CountingSweep("broken", fails: true);
        var working = new CountingSweep("working");
        var options = Options.Create(new RetentionOptions { SweepInterval = TimeSpan.FromMinutes(10) });
        using var sweeps = new RetentionSweeps([broken, working], options, clock, NullLogger<RetentionSweeps>.Instance);

        await sweeps.StartAsync(TestContext.Current.CancellationToken);
        await Until(() => working.Runs == 1 && broken.Runs == 1, "both ran once at start");
        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Equal((1, 1), (broken.Runs, working.Runs));

        clock.Advance(TimeSpan.FromMinutes(1));
        await Until(() => working.Runs == 2 && broken.Runs == 2, "both ran again after one interval");

        await sweeps.StopAsync(TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Equal((2, 2), (broken.Runs, working.Runs));
    }
}
