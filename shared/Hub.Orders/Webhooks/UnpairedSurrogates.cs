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
        // Nearly every body has no escape at all: one vectorised search, and the reader below never runs.
        if (json.IndexOf("\\u"u8) < 0) return null;

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var frames = new List<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    // A name that is not text: the object holding it is what the error can point at.
                    if (!TryGetString(ref reader, out var name)) return Pointer(frames.GetRange(0, frames.Count - 1));
                    frames[^1] = frames[^1] with { Name = name };
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
                    if (!TryGetString(ref reader, out _)) return Pointer(frames);
                    break;
                default:
                    Advance(frames);
                    break;
            }
        }
        return null;
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
        if (!reader.ValueIsEscaped) { text = reader.GetString(); return true; }
        try
        {
            text = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray) frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
    }

    private static string Pointer(List<Frame> frames)
    {
        var pointer = new System.Text.StringBuilder();
        foreach (var frame in frames)
        {
            var segment = frame.IsArray ? frame.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : frame.Name!;
            pointer.Append('/').Append(segment.Replace("~", "~0").Replace("/", "~1"));
        }
        return pointer.ToString();
    }

    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
