using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Registry;
using Hub.Core.Validation;

namespace Hub.PartnerFeeds.Mapping;

/// <summary>What became of one partner item: a record to publish, or a reason to quarantine it.</summary>
public abstract record PartnerRecordMapping
{
    private protected PartnerRecordMapping() { }

    /// <summary>The item maps onto a hub record.</summary>
    public sealed record Mapped(PartnerRecordData Record) : PartnerRecordMapping;

    /// <summary>The item does not map: kept with <paramref name="Reason"/> under <paramref name="RecordId"/> until re-processed.</summary>
    /// <param name="RecordId">The item's id, or <c>malformed-</c> and the SHA-256 of its bytes when it has no usable id.</param>
    /// <param name="PartnerType">The item's type when it had a readable one.</param>
    public sealed record Quarantined(string RecordId, string? PartnerType, string Reason) : PartnerRecordMapping;
}

/// <summary>
/// Maps a partner's feed or push item (<c>{id, type, occurredAt, data, ...}</c>) onto a <c>partner.record</c>: the type through
/// the registry's <see cref="PartnerRegistration.RecordTypes"/>, the canonical fields through <see cref="PartnerRegistration.Fields"/>
/// (JSON Pointers, <c>/{field}</c> by default). Pure: the same item and registration give the same answer, so a re-process
/// after the mapping is fixed, a repeated page and a push of the same record all agree.
/// </summary>
public static class PartnerRecordMapper
{
    /// <summary>The longest reference (tracking number, declaration number, ...) kept: it is part of a read-store partition key.</summary>
    public const int MaxReferenceLength = 200;

    /// <summary>The longest canonical field value kept.</summary>
    public const int MaxFieldLength = 1_000;

    /// <summary>The canonical fields of one record type: the one that is the reference, those required and those optional.</summary>
    public sealed record RecordShape(string ReferenceField, IReadOnlyList<string> Required, IReadOnlyList<string> Optional);

    /// <summary>Every hub record type's fields (docs/partner-feeds.md, "Record types").</summary>
    public static IReadOnlyDictionary<string, RecordShape> Shapes { get; } = new Dictionary<string, RecordShape>(StringComparer.Ordinal)
    {
        [PartnerRecordTypes.ShipmentStatus] = new("trackingNumber", ["trackingNumber", "status"], ["orderId", "carrier", "location"]),
        [PartnerRecordTypes.CustomsClearance] = new("declarationNumber", ["declarationNumber", "status"], ["orderId", "customsMode", "port"]),
        [PartnerRecordTypes.Listing] = new("listingId", ["listingId", "title"], ["sku", "hsCode", "price", "currency"]),
        [PartnerRecordTypes.DemandSignal] = new("hsCode", ["hsCode", "country"], ["keywords", "quantity"]),
    };

    private static readonly HashSet<string> ProtocolFields = new(StringComparer.Ordinal) { "id", "type", "occurredAt", "data" };

    /// <summary>Maps one item. Never throws on the item's content: whatever is wrong with it is the quarantine reason.</summary>
    /// <param name="feed">The feed it was read from; null when the partner pushed it.</param>
    public static PartnerRecordMapping Map(PartnerRegistration partner, JsonElement item, string? feed, DateTimeOffset receivedAt)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return Malformed(item, null, $"the item is a JSON {Describe(item.ValueKind)}, not an object");

        var id = ReadString(item, "id");
        var partnerType = ReadString(item, "type");
        if (id is null)
            return Malformed(item, partnerType, "id: required, a non-empty string");
        if (id.Length > Identifiers.MaxLength)
            return Malformed(item, partnerType, $"id: longer than {Identifiers.MaxLength} characters");
        if (Identifiers.Fault(id) is { } idFault)
            return Malformed(item, partnerType, $"id: {idFault}");

        if (partnerType is null)
            return new PartnerRecordMapping.Quarantined(id, null, "type: required, a non-empty string");
        if (ResolveType(partner, partnerType) is not { } recordType)
            return new PartnerRecordMapping.Quarantined(id, partnerType,
                $"type: '{partnerType}' is not a record type the hub knows ({string.Join(", ", PartnerRecordTypes.All)}); " +
                $"map it in partner '{partner.Id}''s recordTypes, then re-process the quarantine");

        if (!item.TryGetProperty("occurredAt", out var occurredElement) || occurredElement.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(occurredElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var occurredAt)
            || !HasOffset(occurredElement.GetString()!))
            return new PartnerRecordMapping.Quarantined(id, partnerType, "occurredAt: required, an RFC 3339 date-time with an offset (2026-12-08T09:30:00Z)");

        if (!item.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            return new PartnerRecordMapping.Quarantined(id, partnerType, "data: required, a JSON object");

        var shape = Shapes[recordType];
        var pointers = partner.Fields.TryGetValue(recordType, out var configured) ? configured : null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (field, required) in shape.Required.Select(f => (f, true)).Concat(shape.Optional.Select(f => (f, false))))
        {
            var pointer = pointers is not null && pointers.TryGetValue(field, out var p) ? p : "/" + field;
            switch (ReadField(data, pointer, out var value))
            {
                case FieldRead.Found when value!.Length > MaxFieldLength:
                    errors.Add($"data{pointer}: longer than {MaxFieldLength} characters");
                    break;
                case FieldRead.Found:
                    fields[field] = value!;
                    break;
                case FieldRead.NotScalar:
                    errors.Add($"data{pointer} ({field}): must be a string, a number or a boolean");
                    break;
                case FieldRead.BadPointer:
                    errors.Add($"{field}: the registry's pointer '{pointer}' is not a JSON Pointer");
                    break;
                case FieldRead.Missing when required:
                    errors.Add($"data{pointer} ({field}): required");
                    break;
            }
        }
        if (fields.TryGetValue(shape.ReferenceField, out var reference))
        {
            if (reference.Length > MaxReferenceLength)
                errors.Add($"{shape.ReferenceField}: longer than {MaxReferenceLength} characters");
            else if (Identifiers.Fault(reference) is { } referenceFault)
                errors.Add($"{shape.ReferenceField}: {referenceFault}");
        }
        if (recordType == PartnerRecordTypes.DemandSignal && fields.TryGetValue("country", out var country) && !IsoCodes.IsCountry(country))
            errors.Add($"country: '{country}' is not an ISO 3166-1 alpha-2 code");
        if (errors.Count > 0)
            return new PartnerRecordMapping.Quarantined(id, partnerType, string.Join("; ", errors));

        Dictionary<string, JsonElement>? extra = null;
        foreach (var property in item.EnumerateObject())
        {
            if (ProtocolFields.Contains(property.Name)) continue;
            (extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[property.Name] = property.Value.Clone();
        }
        return new PartnerRecordMapping.Mapped(new PartnerRecordData(
            partner.Id, feed, id, recordType, partnerType, reference!, occurredAt, receivedAt, fields, data.Clone(), extra));
    }

    /// <summary>The hub's record type for a partner's type name: the registry's mapping, else the name itself when it is the hub's.</summary>
    public static string? ResolveType(PartnerRegistration partner, string partnerType) =>
        partner.RecordTypes.TryGetValue(partnerType, out var mapped) && Shapes.ContainsKey(mapped) ? mapped
        : Shapes.ContainsKey(partnerType) ? partnerType
        : null;

    private enum FieldRead { Found, Missing, NotScalar, BadPointer }

    private static FieldRead ReadField(JsonElement data, string pointer, out string? value)
    {
        value = null;
        if (pointer.Length == 0 || pointer[0] != '/') return FieldRead.BadPointer;
        var current = data;
        foreach (var rawToken in pointer[1..].Split('/'))
        {
            var token = rawToken.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object)
            {
                if (!current.TryGetProperty(token, out current)) return FieldRead.Missing;
            }
            else if (current.ValueKind == JsonValueKind.Array)
            {
                if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= current.GetArrayLength())
                    return FieldRead.Missing;
                current = current[index];
            }
            else return FieldRead.Missing;
        }
        switch (current.ValueKind)
        {
            case JsonValueKind.String:
                value = current.GetString();
                if (string.IsNullOrWhiteSpace(value)) return FieldRead.Missing;
                value = value.Trim();
                return FieldRead.Found;
            case JsonValueKind.Number:
                value = current.GetRawText();
                return FieldRead.Found;
            case JsonValueKind.True or JsonValueKind.False:
                value = current.ValueKind == JsonValueKind.True ? "true" : "false";
                return FieldRead.Found;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return FieldRead.Missing;
            default:
                return FieldRead.NotScalar;
        }
    }

    private static string? ReadString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    // "2026-12-08T09:30:00" would parse as local time: an instant the partner did not say.
    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static PartnerRecordMapping.Quarantined Malformed(JsonElement item, string? partnerType, string reason) =>
        new("malformed-" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(item))), partnerType, reason);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
