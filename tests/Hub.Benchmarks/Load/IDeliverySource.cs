namespace Hub.Benchmarks.Load;

/// <summary>Where the load workers take their next delivery from; shared by every worker.</summary>
public interface IDeliverySource
{
    /// <summary>False when a finite source is used up.</summary>
    bool TryNext(out SignedDelivery delivery);
}

/// <summary>Deliveries signed before the clock started, each sent once (or round and round, for the bare server).</summary>
public sealed class PrebuiltDeliveries(SignedDelivery[] deliveries, bool cycle) : IDeliverySource
{
    private long _next = -1;

    /// <summary>Formats every request before the clock starts, so the load generator only copies bytes.</summary>
    public void FormatFor(Uri target) => Parallel.ForEach(deliveries, d => d.Wire(target));

    public bool TryNext(out SignedDelivery delivery)
    {
        var n = Interlocked.Increment(ref _next);
        if (cycle) n %= deliveries.Length;
        delivery = n < deliveries.Length ? deliveries[n] : null!;
        return n < deliveries.Length;
    }
}

/// <summary>Fresh deliveries signed as they are taken: for background load whose length is not known ahead.</summary>
public sealed class SignedOnTheFly(WebhookDeliveries factory, string series) : IDeliverySource
{
    private long _next = -1;

    public bool TryNext(out SignedDelivery delivery)
    {
        delivery = factory.Create(series, Interlocked.Increment(ref _next), DateTimeOffset.UtcNow);
        return true;
    }
}
