namespace Hub.Core.Tests.Telemetry;

/// <summary>
/// Tests that listen to the hub's source or assert that nobody does: activity listeners are process-wide, so these run
/// one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelemetryListeners
{
    public const string Name = "hub telemetry listeners";
}
