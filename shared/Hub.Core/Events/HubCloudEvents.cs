using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Hub.Core.Events;

/// <summary>Creating, encoding and decoding the hub's CloudEvents (structured JSON mode, camelCase data).</summary>
public static class HubCloudEvents
{
    /// <summary>Web defaults without nulls; the contracts' generated metadata first, reflection for anything else.</summary>
    public static JsonSerializerOptions DataOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            Hub.Contracts.ContractsJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    public static JsonEventFormatter Formatter { get; } = new(DataOptions, new JsonDocumentOptions());

    public const string JsonContentType = "application/json";
    public const string StructuredContentType = "application/cloudevents+json";

    public static CloudEvent Create(string id, string type, string source, string subject, DateTimeOffset time, object data) => new()
    {
        Id = id,
        Type = type,
        Source = new Uri(source, UriKind.RelativeOrAbsolute),
        Subject = subject,
        Time = time,
        DataContentType = JsonContentType,
        Data = data,
    };

    public static ReadOnlyMemory<byte> Encode(CloudEvent cloudEvent) =>
        Formatter.EncodeStructuredModeMessage(cloudEvent, out _);

    public static CloudEvent Decode(ReadOnlyMemory<byte> structured) =>
        Formatter.DecodeStructuredModeMessage(structured, new ContentType(StructuredContentType), extensionAttributes: null);

    /// <summary>The event's data as <typeparamref name="T"/>, whether it was created in-process or decoded from the wire.</summary>
    public static T GetData<T>(CloudEvent cloudEvent) => cloudEvent.Data switch
    {
        T typed => typed,
        JsonElement element => element.Deserialize<T>(DataOptions)
            ?? throw new InvalidOperationException($"Event {cloudEvent.Id} has null data."),
        _ => throw new InvalidOperationException($"Event {cloudEvent.Id} carries {cloudEvent.Data?.GetType().Name ?? "no data"}, not {typeof(T).Name}."),
    };
}
