using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Hub.Contracts;

namespace Hub.Core.Events;

/// <summary>Creating, encoding and decoding the hub's CloudEvents (structured JSON mode, camelCase data).</summary>
public static class HubCloudEvents
{
    /// <summary>
    /// Web defaults without nulls, text as UTF-8 (<see cref="HubJson.Encoder"/>); the contracts' generated metadata first,
    /// reflection for anything else.
    /// </summary>
    public static JsonSerializerOptions DataOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = HubJson.Encoder,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            ContractsJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    /// <summary>
    /// <see cref="DataOptions"/> without the encoder, for writing into a writer that has it: the output is the same, and
    /// options with an encoder would lose the source generator's fast path on the webhook path.
    /// </summary>
    private static readonly JsonSerializerOptions WriterDataOptions = new(DataOptions) { Encoder = null };

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

    public static ReadOnlyMemory<byte> Encode(CloudEvent cloudEvent) => EncodeToArray(cloudEvent);

    /// <summary>
    /// The structured JSON of <see cref="Formatter"/>, byte for byte, written without its per-event costs: it parses the
    /// data content type into a <see cref="ContentType"/> (a header dictionary and its hashtable) on each encoding,
    /// and writes into a stream grown from nothing and then copied. Here the attributes are written as they are
    /// stored, into a buffer the thread keeps (<see cref="HubJson.RentWriter"/>), and copied out once. Events whose data
    /// is not a JSON value go to the formatter.
    /// </summary>
    public static byte[] EncodeToArray(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var data = cloudEvent.Data;
        if (data is null or byte[]) return Formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();

        var (buffer, writer) = HubJson.RentWriter();
        try
        {
            var json = false;
            writer.WriteStartObject();
            writer.WriteString(SpecVersionName, cloudEvent.SpecVersion.VersionId);
            foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
            {
                switch (value)
                {
                    case string text:
                        if (attribute.Name == DataContentTypeName) json = text == JsonContentType;
                        writer.WriteString(attribute.Name, text);
                        break;
                    case int number:
                        writer.WriteNumber(attribute.Name, number);
                        break;
                    case bool flag:
                        writer.WriteBoolean(attribute.Name, flag);
                        break;
                    default:
                        writer.WriteString(attribute.Name, attribute.Type.Format(value));
                        break;
                }
            }
            // No content type, or another one: the formatter's inference and data rules apply.
            if (!json) return Formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();
            writer.WritePropertyName(DataName);
            JsonSerializer.Serialize(writer, data, data.GetType(), WriterDataOptions);
            writer.WriteEndObject();
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            HubJson.ReturnWriter(buffer, writer);
        }
    }

    private const string SpecVersionName = "specversion";
    private const string DataContentTypeName = "datacontenttype";
    private const string DataName = "data";

    /// <summary>
    /// The event in a structured body. The extension attributes the hub knows (the trace context) come back typed; any
    /// other comes back as a string.
    /// </summary>
    public static CloudEvent Decode(ReadOnlyMemory<byte> structured) =>
        Formatter.DecodeStructuredModeMessage(structured, new ContentType(StructuredContentType), Telemetry.HubTelemetry.TraceContextAttributes);

    /// <summary>The event's data as <typeparamref name="T"/>, whether it was created in-process or decoded from the wire.</summary>
    public static T GetData<T>(CloudEvent cloudEvent) => cloudEvent.Data switch
    {
        T typed => typed,
        JsonElement element => element.Deserialize<T>(DataOptions)
            ?? throw new InvalidOperationException($"Event {cloudEvent.Id} has null data."),
        _ => throw new InvalidOperationException($"Event {cloudEvent.Id} carries {cloudEvent.Data?.GetType().Name ?? "no data"}, not {typeof(T).Name}."),
    };
}
