using Hub.Contracts;
using Hub.Core.Telemetry;

namespace Hub.Embedded.Messaging;

public sealed partial class SqliteEventBus : IBusCounts
{
    /// <summary>The embedded bus as <c>messaging.system</c> on spans and metrics.</summary>
    public const string MessagingSystem = "hub.sqlite";

    string IBusCounts.System => MessagingSystem;

    /// <summary>
    /// Per subscription: messages not yet completed and not dead (what <see cref="LoadPending"/> would deliver), and
    /// dead letters. Two indexed counts per subscription, read when metrics are collected (once a minute by default).
    /// </summary>
    public IReadOnlyList<BusSubscriptionCounts> Count()
    {
        using var connection = _database.Open();
        using var backlog = connection.CreateCommand();
        backlog.CommandText = """
            SELECT COUNT(*) FROM bus_messages m
            WHERE m.topic = $topic AND (m.pending & (1 << $bit)) != 0
              AND NOT EXISTS (SELECT 1 FROM bus_completions c WHERE c.seq = m.seq AND c.bit = $bit)
              AND NOT EXISTS (SELECT 1 FROM bus_failures f WHERE f.subscription = $sub AND f.seq = m.seq AND f.dead_at IS NOT NULL)
            """;
        using var dead = connection.CreateCommand();
        dead.CommandText = """
            SELECT COUNT(*) FROM bus_failures f JOIN bus_messages m ON m.seq = f.seq
            WHERE m.topic = $topic AND f.subscription = $sub AND f.dead_at IS NOT NULL
            """;
        var counts = new List<BusSubscriptionCounts>();
        foreach (var topic in Subscriptions.AllTopics)
        {
            foreach (var route in _subscriptions.Of(topic))
            {
                var subscription = route.Consumer.Subscription;
                foreach (var command in (ReadOnlySpan<Microsoft.Data.Sqlite.SqliteCommand>)[backlog, dead])
                {
                    command.Parameters.Clear();
                    command.Parameters.AddWithValue("$topic", topic);
                    command.Parameters.AddWithValue("$sub", subscription);
                    command.Parameters.AddWithValue("$bit", route.Bit);
                }
                counts.Add(new BusSubscriptionCounts(topic, subscription, (long)backlog.ExecuteScalar()!, (long)dead.ExecuteScalar()!));
            }
        }
        return counts;
    }
}
