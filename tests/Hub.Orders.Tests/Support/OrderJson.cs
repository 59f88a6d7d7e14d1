using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hub.Orders.Tests.Support;

internal static class OrderJson
{
    /// <summary>Sets the value at a JSON Pointer (<c>/lines/0/quantity</c>) to raw JSON, or removes it when <paramref name="json"/> is null.</summary>
    public static JsonObject With(this JsonObject root, string pointer, string? json)
    {
        var segments = pointer[1..].Split('/');
        JsonNode parent = root;
        foreach (var segment in segments[..^1])
            parent = parent is JsonArray array ? array[int.Parse(segment)]! : parent[segment]!;

        var last = segments[^1];
        switch (parent)
        {
            case JsonArray array:
                array[int.Parse(last)] = json is null ? null : JsonNode.Parse(json);
                break;
            case JsonObject obj when json is null:
                obj.Remove(last);
                break;
            case JsonObject obj:
                obj[last] = JsonNode.Parse(json);
                break;
        }
        return root;
    }

    public static JsonElement ToElement(this JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    public static byte[] ToUtf8(this JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <summary>
    /// The body as UTF-8 with the value at a JSON Pointer replaced by raw JSON text, which may be what no JsonNode can
    /// hold (<c>"\ud800"</c>, a number past double's range). The original is left as it was.
    /// </summary>
    public static byte[] ToUtf8With(this JsonObject root, string pointer, string rawJson)
    {
        const string Marker = "\"raw-json-placeholder-7f3a\"";
        var text = ((JsonObject)root.DeepClone()).With(pointer, Marker).ToJsonString();
        return Encoding.UTF8.GetBytes(text.Replace(Marker, rawJson, StringComparison.Ordinal));
    }
}
