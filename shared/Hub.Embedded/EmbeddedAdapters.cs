using Hub.Core;
using Hub.Core.Events;
using Hub.Core.Idempotency;
using Hub.Core.Retention;
using Hub.Core.Storage;
using Hub.Embedded.Blobs;
using Hub.Embedded.Idempotency;
using Hub.Embedded.Messaging;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Retention;
using Hub.Embedded.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Embedded;

public static class EmbeddedAdapters
{
    /// <summary>Standalone's adapters: one SQLite file under <see cref="HubOptions.DataPath"/> and blobs on the local disk.</summary>
    public static IServiceCollection AddEmbeddedAdapters(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedBusOptions>().BindConfiguration(EmbeddedBusOptions.SectionName)
            .Validate(o => o.MaxDeliveryAttempts >= 1 && o.MaxConcurrencyPerSubscription >= 1, "Hub:Bus needs at least one attempt and one worker.")
            .ValidateOnStart();
        services.AddSingleton(sp => new SqliteDatabase(Path.Combine(sp.GetRequiredService<IOptions<HubOptions>>().Value.DataPath, "hub.db")));
        services.AddSingleton(sp => new SqliteWriter(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<ILogger<SqliteWriter>>()));
        services.AddSingleton<SqliteReaders>();
        services.AddSingleton<SqliteEventBus>();
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<SqliteEventBus>());
        services.AddSingleton<IDeadLetters>(sp => sp.GetRequiredService<SqliteEventBus>());
        services.AddSingleton<Hub.Core.Telemetry.IBusCounts>(sp => sp.GetRequiredService<SqliteEventBus>());
        services.AddSingleton<IReadStore, SqliteReadStore>();
        services.AddSingleton<SqliteIdempotencyStore>();
        services.AddSingleton<IIdempotencyStore>(sp => sp.GetRequiredService<SqliteIdempotencyStore>());
        // One transaction for event and record needs both in this SQLite file; a composition that swaps either port
        // (a test's recording bus) gets publish-then-record over what it swapped in.
        services.Replace(ServiceDescriptor.Singleton<IPublishWithRecord>(sp =>
            sp.GetRequiredService<IEventBus>() is SqliteEventBus bus && sp.GetRequiredService<IIdempotencyStore>() is SqliteIdempotencyStore store
                ? new SqlitePublishWithRecord(bus, store)
                : new PublishThenRecord(sp.GetRequiredService<IEventBus>(), sp.GetRequiredService<IIdempotencyStore>())));
        services.AddSingleton<IBlobStore>(sp => new FileSystemBlobStore(Path.Combine(sp.GetRequiredService<IOptions<HubOptions>>().Value.DataPath, "blobs")));
        services.AddHostedService<EmbeddedSubscriptions>();
        // The SQLite file's own upkeep: expired idempotency records and dead letters, every Hub:Retention:SweepInterval.
        services.AddRetentionSweep<EmbeddedRetention>();
        return services;
    }
}
