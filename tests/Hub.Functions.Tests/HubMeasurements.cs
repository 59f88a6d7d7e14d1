using System.Diagnostics.Metrics;
using Hub.Core.Telemetry;

namespace Hub.Functions.Tests;

/// <summary>What one composition's <see cref="HubMetrics"/> recorded, through a <see cref="MeterListener"/> on its meter alone.</summary>
public sealed class HubMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = [];

    public HubMeasurements(HubMetrics metrics)
    {
        var meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) => { if (instrument.Meter == meter) listener.EnableMeasurementEvents(instrument); };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags) copy[tag.Key] = tag.Value;
            lock (_measurements) _measurements.Add((instrument.Name, value, copy));
        });
        _listener.Start();
    }

    /// <summary>The sum of the instrument's measurements whose tags include every one given.</summary>
    public long Total(string instrument, params (string Key, string Value)[] tags)
    {
        lock (_measurements)
            return _measurements.Where(m => m.Instrument == instrument && tags.All(t => Equals(m.Tags.GetValueOrDefault(t.Key), t.Value)))
                .Sum(m => m.Value);
    }

    public void Dispose() => _listener.Dispose();
}
