using System.Globalization;
using System.Text.Json;

namespace Hub.Orders.Mapping;

/// <summary>RFC 6901 JSON Pointer evaluation over <see cref="JsonElement"/>.</summary>
public static class JsonPointer
{
    public static bool IsValid(string pointer) => pointer.Length == 0 || pointer[0] == '/';

    public static bool TryResolve(JsonElement root, string pointer, out JsonElement value)
    {
        value = root;
        if (pointer.Length == 0) return true;
        if (pointer[0] != '/') return false;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            switch (value.ValueKind)
            {
                case JsonValueKind.Object when value.TryGetProperty(token, out var child):
                    value = child;
                    break;
                case JsonValueKind.Array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < value.GetArrayLength() && (token == "0" || token[0] != '0'):
                    value = value[index];
                    break;
                default:
                    value = default;
                    return false;
            }
        }
        return true;
    }
}
