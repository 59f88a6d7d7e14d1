using System.Text;
using Xunit;

namespace Hub.Testing.Json;

/// <summary>Checks on JSON as bytes: whether text a user wrote is there as itself (UTF-8) rather than as <c>\u</c> escapes.</summary>
public static class Utf8Text
{
    /// <summary><paramref name="json"/> holds the UTF-8 bytes of <paramref name="text"/>, and no <c>\u</c> escape anywhere.</summary>
    public static void Holds(ReadOnlySpan<byte> json, string text)
    {
        var shown = Encoding.UTF8.GetString(json);
        Assert.True(json.IndexOf(Encoding.UTF8.GetBytes(text)) >= 0, $"'{text}' is not in the bytes as UTF-8:\n{shown}");
        Assert.True(json.IndexOf("\\u"u8) < 0, $"The JSON escapes text it could write as UTF-8:\n{shown}");
    }
}
