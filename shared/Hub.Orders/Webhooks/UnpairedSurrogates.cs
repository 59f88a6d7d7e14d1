using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hub.Orders.Webhooks;

/// <summary>
/// Finds a string (value or property name) whose <c>\uD800</c>-style escapes do not form a surrogate pair. Such JSON
/// parses, but its text is not Unicode: System.Text.Json throws on reading it, and no event could carry it.
/// </summary>
public static class UnpairedSurrogates
{
    /// <summary>The JSON Pointer of the first such string, or null. The body must be JSON that parsed.</summary>
    public static string? Find(ReadOnlySpan<byte> json)
    {
        // Nearly every body has no escape at all: one vectorised search. Bodies with escapes (platforms whose encoder
        // writes \u00e9) take one reader pass that allocates nothing; only a body with a fault pays for its pointer.
        if (json.IndexOf("\\u"u8) < 0 || !HasUnpaired(json)) return null;
        return PointerToFirstUnpaired(json);
    }

    private static bool HasUnpaired(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        while (reader.Read())
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !IsPaired(reader))
                return true;
        return false;
    }

    private static bool IsPaired(in Utf8JsonReader reader)
    {
        // Read from one span, the reader never has a value sequence.
        var raw = reader.ValueSpan;
        var expectLow = false;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\') { if (expectLow) return false; continue; }
            i++;
            if (raw[i] != 'u') { if (expectLow) return false; continue; }
            var unit = int.Parse(raw.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            i += 4;
            var high = unit is >= 0xD800 and <= 0xDBFF;
            var low = unit is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != low) return false;
            expectLow = high;
        }
        return !expectLow;
    }

    private static string? PointerToFirstUnpaired(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var frames = new List<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    // A name that is not text: the object holding it is what the error can point at.
                    if (reader.ValueIsEscaped && !IsPaired(reader)) return Pointer(frames.GetRange(0, frames.Count - 1));
                    frames[^1] = frames[^1] with { Name = reader.GetString() };
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Advance(frames);
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case JsonTokenType.String:
                    Advance(frames);
                    if (reader.ValueIsEscaped && !IsPaired(reader)) return Pointer(frames);
                    break;
                default:
                    Advance(frames);
                    break;
            }
        }
        return null;
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray) frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
    }

    private static string Pointer(List<Frame> frames)
    {
        var pointer = new StringBuilder();
        foreach (var frame in frames)
        {
            var segment = frame.IsArray ? frame.Index.ToString(CultureInfo.InvariantCulture) : frame.Name!;
            pointer.Append('/').Append(segment.Replace("~", "~0").Replace("/", "~1"));
        }
        return pointer.ToString();
    }

    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
