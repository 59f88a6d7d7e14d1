using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Core.Registry;

namespace Hub.Orders.Mapping;

/// <summary>
/// Applies a platform's declarative <see cref="PayloadMapping"/>: builds the canonical order JSON from JSON Pointers
/// into the platform's own payload, so that one reader validates every platform alike.
/// </summary>
public static class PayloadMapper
{
    public static JsonElement ToCanonical(JsonElement source, PayloadMapping mapping)
    {
        var canonical = new JsonObject();
        foreach (var (path, pointer) in mapping.Fields)
            if (JsonPointer.TryResolve(source, pointer, out var value))
                Set(canonical, path, Translate(path, value, mapping));

        if (mapping.Lines is not null && JsonPointer.TryResolve(source, mapping.Lines, out var lines))
        {
            if (lines.ValueKind == JsonValueKind.Array)
            {
                var array = new JsonArray();
                foreach (var line in lines.EnumerateArray())
                {
                    var mapped = new JsonObject();
                    foreach (var (field, pointer) in mapping.LineFields)
                        if (JsonPointer.TryResolve(line, pointer, out var value))
                            Set(mapped, field, Translate("lines." + field, value, mapping));
                    array.Add(mapped);
                }
                canonical["lines"] = array;
            }
            else
            {
                canonical["lines"] = JsonNode.Parse(lines.GetRawText());
            }
        }
        return JsonSerializer.SerializeToElement(canonical);
    }

    /// <summary>Where a canonical field came from, for error messages: <c>buyer.country (from /buyer/addr/cc)</c>.</summary>
    public static string? SourceOf(string canonicalPath, PayloadMapping mapping)
    {
        if (mapping.Fields.TryGetValue(canonicalPath, out var pointer)) return pointer;
        if (!canonicalPath.StartsWith("lines[", StringComparison.Ordinal) || mapping.Lines is null) return canonicalPath == "lines" ? mapping.Lines : null;
        var close = canonicalPath.IndexOf(']');
        var index = canonicalPath[6..close];
        var field = close + 2 < canonicalPath.Length ? canonicalPath[(close + 2)..] : null;
        return field is not null && mapping.LineFields.TryGetValue(field, out var linePointer)
            ? $"{mapping.Lines}/{index}{linePointer}"
            : $"{mapping.Lines}/{index}";
    }

    /// <summary>
    /// The canonical field a JSON Pointer into the platform's payload maps to (<c>/buyer/addr/cc</c> to
    /// <c>buyer.country</c>, <c>/items/2/qty</c> to <c>lines[2].quantity</c>), or null when the mapping does not read it.
    /// </summary>
    public static string? TargetOf(string pointer, PayloadMapping mapping)
    {
        foreach (var (path, source) in mapping.Fields)
            if (source == pointer) return path;
        if (mapping.Lines is null || !pointer.StartsWith(mapping.Lines + "/", StringComparison.Ordinal)) return null;
        var rest = pointer.AsSpan(mapping.Lines.Length + 1);
        var slash = rest.IndexOf('/');
        var index = slash < 0 ? rest : rest[..slash];
        if (index.Length == 0 || index.ContainsAnyExceptInRange('0', '9')) return null;
        if (slash < 0) return $"lines[{index}]";
        var linePointer = rest[slash..].ToString();
        foreach (var (field, source) in mapping.LineFields)
            if (source == linePointer) return $"lines[{index}].{field}";
        return null;
    }

    private static JsonNode? Translate(string path, JsonElement value, PayloadMapping mapping)
    {
        if (mapping.Values.TryGetValue(path, out var table) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            var key = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            if (table.TryGetValue(key, out var translated)) return JsonValue.Create(translated);
        }
        return JsonNode.Parse(value.GetRawText());
    }

    private static void Set(JsonObject target, string dottedPath, JsonNode? value)
    {
        var segments = dottedPath.Split('.');
        var node = target;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (node[segments[i]] is not JsonObject child)
                node[segments[i]] = child = new JsonObject();
            node = child;
        }
        node[segments[^1]] = value;
    }
}
