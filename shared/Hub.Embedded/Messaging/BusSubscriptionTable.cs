using Hub.Contracts;
using Hub.Embedded.Sqlite;

namespace Hub.Embedded.Messaging;

/// <summary>
/// The embedded bus's subscriptions: one per row of the consumer table, each with its bit in <c>bus_messages.pending</c>
/// (kept in <c>bus_subscriptions</c>), and which subscriptions an event of a given type is kept for.
/// </summary>
/// <remarks>
/// A data folder may have been written with another set of subscriptions (an older build declared <c>orders/partner-push</c>,
/// which nothing consumed). <see cref="Sync"/> brings it in line at start: a subscription no longer declared has its bit
/// counted as completed everywhere and its row removed, so the messages it alone held are deleted; a new one takes a free bit.
/// Messages published before a subscription existed are not kept for it, as in Service Bus.
/// </remarks>
internal sealed class BusSubscriptionTable
{
    /// <summary>One subscription of a topic: its consumer row and its bit.</summary>
    public sealed record Route(Consumer Consumer, int Bit)
    {
        public long Mask => 1L << Bit;
    }

    private readonly Dictionary<string, Route[]> _byTopic;
    private readonly Dictionary<(string Topic, string Subscription), Route> _byName;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Topic, string Type), long> _masks = new();

    private BusSubscriptionTable(IReadOnlyList<Route> routes)
    {
        _byTopic = routes.GroupBy(r => r.Consumer.Topic, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _byName = routes.ToDictionary(r => (r.Consumer.Topic, r.Consumer.Subscription));
    }

    public IReadOnlyList<Route> Of(string topic) => _byTopic.TryGetValue(topic, out var routes) ? routes : [];

    public Route? Find(string topic, string subscription) => _byName.GetValueOrDefault((topic, subscription));

    /// <summary>
    /// The subscriptions an event of <paramref name="eventType"/> is kept for, as <c>pending</c> bits; 0 when none takes it.
    /// Computed once per topic and type, so that a publish pays one dictionary look-up for it.
    /// </summary>
    public long MaskFor(string topic, string eventType) =>
        _masks.TryGetValue((topic, eventType), out var mask) ? mask
            : _masks.GetOrAdd((topic, eventType), key => Of(key.Topic).Where(r => r.Consumer.Takes(key.Type)).Aggregate(0L, (m, r) => m | r.Mask));

    /// <summary>Makes <c>bus_subscriptions</c> match <paramref name="consumers"/> (see the remarks) and returns the table.</summary>
    public static BusSubscriptionTable Sync(WriteContext ctx, IReadOnlyList<Consumer> consumers)
    {
        var stored = new List<(string Topic, string Subscription, int Bit)>();
        using (var reader = ctx.Command("SELECT topic, subscription, bit FROM bus_subscriptions").ExecuteReader())
            while (reader.Read()) stored.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));

        var declared = consumers.Select(c => (c.Topic, c.Subscription)).ToHashSet();
        foreach (var (topic, subscription, bit) in stored.Where(s => !declared.Contains((s.Topic, s.Subscription))))
            Retire(ctx, topic, subscription, bit);

        var routes = new List<Route>();
        foreach (var consumer in consumers)
        {
            var kept = stored.FirstOrDefault(s => s.Topic == consumer.Topic && s.Subscription == consumer.Subscription);
            if (kept.Topic is not null)
            {
                routes.Add(new Route(consumer, kept.Bit));
                continue;
            }
            var taken = stored.Where(s => s.Topic == consumer.Topic && declared.Contains((s.Topic, s.Subscription))).Select(s => s.Bit)
                .Concat(routes.Where(r => r.Consumer.Topic == consumer.Topic).Select(r => r.Bit)).ToHashSet();
            var bit = Enumerable.Range(0, 63).First(b => !taken.Contains(b));
            var insert = ctx.Command("INSERT INTO bus_subscriptions(topic, subscription, bit) VALUES($t, $s, $b)", "$t", "$s", "$b");
            insert.Parameters["$t"].Value = consumer.Topic;
            insert.Parameters["$s"].Value = consumer.Subscription;
            insert.Parameters["$b"].Value = bit;
            insert.ExecuteNonQuery();
            routes.Add(new Route(consumer, bit));
        }
        return new BusSubscriptionTable(routes);
    }

    /// <summary>A subscription no longer declared: what it still held counts as completed, and messages nobody else holds go.</summary>
    private static void Retire(WriteContext ctx, string topic, string subscription, int bit)
    {
        foreach (var sql in RetireStatements)
        {
            var command = ctx.Command(sql, "$t", "$s", "$b");
            command.Parameters["$t"].Value = topic;
            command.Parameters["$s"].Value = subscription;
            command.Parameters["$b"].Value = bit;
            command.ExecuteNonQuery();
        }
    }

    private static readonly string[] RetireStatements =
    [
        "UPDATE bus_messages SET pending = pending & ~(1 << $b) WHERE topic = $t AND (pending & (1 << $b)) != 0",
        "DELETE FROM bus_completions WHERE bit = $b AND seq IN (SELECT seq FROM bus_messages WHERE topic = $t)",
        "DELETE FROM bus_failures WHERE subscription = $s AND seq IN (SELECT seq FROM bus_messages WHERE topic = $t)",
        """
        DELETE FROM bus_messages WHERE topic = $t
          AND pending = (SELECT COALESCE(SUM(1 << c.bit), 0) FROM bus_completions c WHERE c.seq = bus_messages.seq)
        """,
        "DELETE FROM bus_completions WHERE NOT EXISTS (SELECT 1 FROM bus_messages m WHERE m.seq = bus_completions.seq)",
        "DELETE FROM bus_subscriptions WHERE topic = $t AND subscription = $s",
    ];
}
