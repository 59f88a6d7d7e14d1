using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hub.Contracts;

/// <summary>
/// How the hub writes JSON, wherever it goes (HTTP answers, events, stored documents, logs): text as UTF-8 (every answer
/// and document says charset=utf-8), so that <c>离心水泵</c> reads as itself and not as <c>\u79BB\u5FC3...</c>. Only what
/// JSON requires is escaped: quote, backslash, control characters, and lone surrogates (as <c>\uFFFD</c>, never as
/// invalid UTF-8). HTML-sensitive characters (<c>&lt;</c>, <c>&amp;</c>, <c>'</c>) are not: the hub's JSON is never
/// embedded in a page, and its content type is JSON.
/// </summary>
public static class HubJson
{
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static JsonWriterOptions WriterOptions => new() { Encoder = Encoder };

    /// <summary>Web defaults (camelCase) with <see cref="Encoder"/>, for what has no generated metadata.</summary>
    public static JsonSerializerOptions Web { get; } = Frozen(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = Encoder });

    /// <summary>
    /// <paramref name="value"/> as JSON text, through a source-generated context's metadata. The encoder goes on the writer
    /// rather than on the context's options: generated contexts declare no encoder, and options with one would lose the
    /// generator's fast serialisation path, which the read store's projections take once per stored document.
    /// </summary>
    public static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var (buffer, writer) = RentWriter();
        try
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            ReturnWriter(buffer, writer);
        }
    }

    /// <summary>
    /// A reset writer with <see cref="Encoder"/> and its buffer, taken from the thread while in use, so that a converter
    /// that writes JSON of its own gets a pair of its own and a failed write cannot leave the next one half-written.
    /// Hand it back with <see cref="ReturnWriter"/>.
    /// </summary>
    public static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) RentWriter()
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ?? new Utf8JsonWriter(buffer, WriterOptions);
        (t_buffer, t_writer) = (null, null);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        return (buffer, writer);
    }

    public static void ReturnWriter(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        // A rare large document should not pin its buffer to the thread for good.
        if (buffer.Capacity <= MaxKeptBuffer) (t_buffer, t_writer) = (buffer, writer);
    }

    private const int MaxKeptBuffer = 256 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private static JsonSerializerOptions Frozen(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
        options.MakeReadOnly();
        return options;
    }
}
