using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Core.Retention;

/// <summary>
/// Deletes what has outlived its <see cref="RetentionOptions"/> window. Run every <see cref="RetentionOptions.SweepInterval"/>:
/// by <see cref="RetentionSweeps"/> in a long-running host (Standalone), or by a timer-triggered function in Azure.
/// A sweep must be safe to run again at once and to stop half-way: the next run finishes what it left.
/// </summary>
public interface IRetentionSweep
{
    /// <summary>What the sweep is about, for its log lines ("embedded store", "stock reports").</summary>
    string Name { get; }

    /// <summary>Deletes what is past its window; returns how many things (rows, blobs, documents) went.</summary>
    Task<long> SweepAsync(CancellationToken cancellationToken);
}

/// <summary>Runs every registered <see cref="IRetentionSweep"/> once at start and then every <see cref="RetentionOptions.SweepInterval"/>.</summary>
public sealed partial class RetentionSweeps(IEnumerable<IRetentionSweep> sweeps, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweeps> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            foreach (var sweep in sweeps) await RunAsync(sweep, stoppingToken).ConfigureAwait(false);
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { return false; }
    }

    private async Task RunAsync(IRetentionSweep sweep, CancellationToken stoppingToken)
    {
        try
        {
            var removed = await sweep.SweepAsync(stoppingToken).ConfigureAwait(false);
            if (removed > 0) Swept(logger, sweep.Name, removed);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The next interval tries again; a sweep that keeps failing shows in the log, it does not stop the hub.
            SweepFailed(logger, e, sweep.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep of the {Sweep} removed {Removed} item(s) past their window")]
    private static partial void Swept(ILogger logger, string sweep, long removed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention sweep of the {Sweep} failed; it runs again at the next interval")]
    private static partial void SweepFailed(ILogger logger, Exception e, string sweep);
}

public static class RetentionServices
{
    /// <summary>Adds a sweep that <see cref="RetentionSweeps"/> runs in this host, and <see cref="RetentionSweeps"/> itself once.</summary>
    public static IServiceCollection AddRetentionSweep<TSweep>(this IServiceCollection services) where TSweep : class, IRetentionSweep
    {
        services.TryAddSingleton<TSweep>();
        services.AddSingleton<IRetentionSweep>(sp => sp.GetRequiredService<TSweep>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionSweeps>());
        return services;
    }
}
