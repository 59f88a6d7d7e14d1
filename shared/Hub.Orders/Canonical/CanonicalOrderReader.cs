using System.Globalization;
using System.Text.Json;
using Hub.Contracts.Orders;
using Hub.Core.Validation;

namespace Hub.Orders.Canonical;

/// <summary>
/// Reads the canonical order JSON (camelCase, see docs/design.md) into <see cref="CanonicalOrder"/>, collecting every
/// fault with its path (<c>lines[2].quantity</c>) instead of stopping at the first.
/// </summary>
public static class CanonicalOrderReader
{
    public const int MaxLines = 1000;
    private const int MaxText = 512;

    // Whatever is accepted, the projection must be able to apply: line amounts and totals are exact decimals, and the
    // largest order (MaxLines lines of MaxQuantity at MaxUnitPrice, 6 + 6 decimal places) stays far inside decimal's
    // 28 digits. The bounds are documented in README's webhook section.
    public const decimal MaxQuantity = 1_000_000_000m;
    public const decimal MaxUnitPrice = 1_000_000_000_000m;
    public const decimal MaxAmount = 1_000_000_000_000_000m;
    public const int MaxDecimalPlaces = 6;
    /// <summary>2^53 - 1: versions are compared in the read store, and Cosmos DB keeps numbers as doubles.</summary>
    public const long MaxVersion = 9_007_199_254_740_991;
    /// <summary>Timestamps are accepted from <see cref="EarliestTime"/> up to, not including, <see cref="LatestTime"/>.</summary>
    public static readonly DateTimeOffset EarliestTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LatestTime = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static CanonicalOrder? Read(JsonElement root, string platformId, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", $"The order must be a JSON object, not {Describe(root.ValueKind)}.");
            return null;
        }

        var bodyPlatform = OptionalString(root, "platformId", "platformId", errors);
        if (bodyPlatform is not null && bodyPlatform != platformId)
            errors.Add("platformId", $"The body names platform '{bodyPlatform}' but was posted to platform '{platformId}'.");

        var orderId = RequiredId(root, "orderId", "orderId", errors);
        var version = ReadVersion(root, errors);
        var eventType = RequiredString(root, "eventType", "eventType", errors);
        if (eventType is not null && !OrderEventKinds.All.Contains(eventType))
            errors.Add("eventType", $"'{eventType}' is not one of {string.Join(", ", OrderEventKinds.All)}.");
        var occurredAt = RequiredTimestamp(root, "occurredAt", "occurredAt", errors);
        var buyer = ReadParty(root, "buyer", errors, isBuyer: true);
        var seller = ReadParty(root, "seller", errors, isBuyer: false);
        var currency = RequiredString(root, "currency", "currency", errors);
        if (currency is not null && !IsoCodes.IsCurrency(currency))
            errors.Add("currency", $"'{currency}' is not an ISO 4217 currency code.");
        var lines = ReadLines(root, errors);
        var fulfilment = ReadFulfilment(root, errors);
        var shipment = ReadShipment(root, errors);

        if (!errors.IsEmpty) return null;
        return new CanonicalOrder
        {
            PlatformId = platformId,
            OrderId = orderId!,
            Version = version!.Value,
            EventType = eventType!,
            OccurredAt = occurredAt!.Value,
            Buyer = buyer!,
            Seller = seller!,
            Currency = currency!,
            Lines = lines!,
            Fulfilment = fulfilment,
            Shipment = shipment,
        };
    }

    private static long? ReadVersion(JsonElement root, ValidationErrors errors)
    {
        if (root.TryGetProperty("version", out var version) && version.ValueKind != JsonValueKind.Null)
        {
            var number = version.ValueKind == JsonValueKind.Number;
            if (number && version.TryGetInt64(out var v) && v is >= 0 and <= MaxVersion) return v;
            if (number && version.TryGetDouble(out var d) && d > MaxVersion && d == Math.Floor(d))
                errors.Add("version", $"Must be at most {MaxVersion} (2^53 - 1), not {version.GetRawText()}.");
            else
                errors.Add("version", $"Must be a whole number >= 0, not {Describe(version)}.");
            return null;
        }
        if (root.TryGetProperty("updatedAt", out _))
        {
            var updatedAt = RequiredTimestamp(root, "updatedAt", "updatedAt", errors);
            return updatedAt?.ToUnixTimeMilliseconds();
        }
        errors.Add("version", "Either 'version' or 'updatedAt' is required, to order the order's events.");
        return null;
    }

    private static OrderParty? ReadParty(JsonElement root, string name, ValidationErrors errors, bool isBuyer)
    {
        if (!TryGetObject(root, name, name, errors, required: true, out var party)) return null;
        var id = RequiredId(party, "id", $"{name}.id", errors);
        var partyName = OptionalString(party, "name", $"{name}.name", errors);
        var country = RequiredString(party, "country", $"{name}.country", errors);
        if (country is not null && !IsoCodes.IsCountry(country))
            errors.Add($"{name}.country", $"'{country}' is not an ISO 3166-1 alpha-2 country code.");
        var kind = OptionalString(party, "kind", $"{name}.kind", errors) ?? PartyKinds.Business;
        if (kind is not (PartyKinds.Business or PartyKinds.Consumer))
            errors.Add($"{name}.kind", $"'{kind}' is not 'business' or 'consumer'.");
        else if (!isBuyer && kind == PartyKinds.Consumer)
            errors.Add($"{name}.kind", "A seller is a business.");
        if (id is null || country is null) return null;
        return new OrderParty { Id = id, Name = partyName, Country = country, Kind = kind };
    }

    private static List<OrderLine>? ReadLines(JsonElement root, ValidationErrors errors)
    {
        if (!root.TryGetProperty("lines", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            errors.Add("lines", "Required: at least one order line.");
            return null;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add("lines", $"Must be an array, not {Describe(array)}.");
            return null;
        }
        var count = array.GetArrayLength();
        if (count == 0) { errors.Add("lines", "At least one order line is required."); return null; }
        if (count > MaxLines) { errors.Add("lines", $"At most {MaxLines} lines are accepted; got {count}."); return null; }

        var lines = new List<OrderLine>(count);
        var total = 0m;
        var i = 0;
        foreach (var line in array.EnumerateArray())
        {
            var path = $"lines[{i++}]";
            if (line.ValueKind != JsonValueKind.Object) { errors.Add(path, $"Must be an object, not {Describe(line)}."); continue; }
            var sku = RequiredId(line, "sku", $"{path}.sku", errors);
            var description = OptionalString(line, "description", $"{path}.description", errors);
            var hsCode = OptionalString(line, "hsCode", $"{path}.hsCode", errors);
            if (hsCode is not null && (hsCode.Length is < 6 or > 10 || !hsCode.All(char.IsAsciiDigit)))
                errors.Add($"{path}.hsCode", $"'{hsCode}' is not an HS code (6 to 10 digits).");
            var quantity = RequiredDecimal(line, "quantity", $"{path}.quantity", errors, mustBePositive: true, MaxQuantity);
            var unit = OptionalString(line, "unit", $"{path}.unit", errors);
            var unitPrice = RequiredDecimal(line, "unitPrice", $"{path}.unitPrice", errors, mustBePositive: false, MaxUnitPrice);
            if (sku is null || quantity is null || unitPrice is null) continue;
            // Within the bounds above the product is exact and cannot overflow; only its size is left to check.
            var amount = quantity.Value * unitPrice.Value;
            if (amount > MaxAmount)
                errors.Add(path, $"The line amount (quantity × unitPrice = {amount.ToString(CultureInfo.InvariantCulture)}) must be at most {MaxAmount.ToString(CultureInfo.InvariantCulture)}.");
            else total += amount;
            lines.Add(new OrderLine { Sku = sku, Description = description, HsCode = hsCode, Quantity = quantity.Value, Unit = unit, UnitPrice = unitPrice.Value });
        }
        if (total > MaxAmount)
            errors.Add("lines", $"The order total (the sum of quantity × unitPrice = {total.ToString(CultureInfo.InvariantCulture)}) must be at most {MaxAmount.ToString(CultureInfo.InvariantCulture)}.");
        return lines;
    }

    private static readonly HashSet<string> Incoterms = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"];

    private static OrderFulfilment? ReadFulfilment(JsonElement root, ValidationErrors errors)
    {
        if (!TryGetObject(root, "fulfilment", "fulfilment", errors, required: false, out var f)) return null;
        var warehouse = OptionalId(f, "warehouseCode", "fulfilment.warehouseCode", errors);
        var incoterm = OptionalString(f, "incoterm", "fulfilment.incoterm", errors);
        if (incoterm is not null && !Incoterms.Contains(incoterm))
            errors.Add("fulfilment.incoterm", $"'{incoterm}' is not an Incoterms 2020 rule ({string.Join(", ", Incoterms)}).");
        var bonded = false;
        if (f.TryGetProperty("bondedWarehouse", out var b) && b.ValueKind != JsonValueKind.Null)
        {
            if (b.ValueKind is JsonValueKind.True or JsonValueKind.False) bonded = b.GetBoolean();
            else errors.Add("fulfilment.bondedWarehouse", $"Must be true or false, not {Describe(b)}.");
        }
        return new OrderFulfilment { WarehouseCode = warehouse, Incoterm = incoterm, BondedWarehouse = bonded };
    }

    private static OrderShipment? ReadShipment(JsonElement root, ValidationErrors errors)
    {
        if (!TryGetObject(root, "shipment", "shipment", errors, required: false, out var s)) return null;
        return new OrderShipment
        {
            Carrier = OptionalString(s, "carrier", "shipment.carrier", errors),
            TrackingNumber = OptionalString(s, "trackingNumber", "shipment.trackingNumber", errors),
            ShippedAt = OptionalTimestamp(s, "shippedAt", "shipment.shippedAt", errors),
            DeliveredAt = OptionalTimestamp(s, "deliveredAt", "shipment.deliveredAt", errors),
        };
    }

    private static bool TryGetObject(JsonElement parent, string name, string path, ValidationErrors errors, bool required, out JsonElement value)
    {
        if (!parent.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(path, "Required.");
            return false;
        }
        if (value.ValueKind == JsonValueKind.Object) return true;
        errors.Add(path, $"Must be an object, not {Describe(value)}.");
        return false;
    }

    private static string? RequiredString(JsonElement parent, string name, string path, ValidationErrors errors, int maxLength = MaxText)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path, "Required.");
            return null;
        }
        var text = AsString(value, path, errors, maxLength);
        if (text is { Length: 0 }) { errors.Add(path, "Must not be empty."); return null; }
        return text;
    }

    // Ids become keys and CloudEvent subjects: printable text only (Identifiers says what that is and why).
    private static string? RequiredId(JsonElement parent, string name, string path, ValidationErrors errors) =>
        Printable(RequiredString(parent, name, path, errors, maxLength: Identifiers.MaxLength), path, errors);

    private static string? OptionalId(JsonElement parent, string name, string path, ValidationErrors errors) =>
        Printable(OptionalString(parent, name, path, errors, maxLength: Identifiers.MaxLength), path, errors);

    private static string? Printable(string? id, string path, ValidationErrors errors)
    {
        if (id is null || Identifiers.Fault(id) is not { } fault) return id;
        errors.Add(path, fault);
        return null;
    }

    private static string? OptionalString(JsonElement parent, string name, string path, ValidationErrors errors, int maxLength = MaxText)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return AsString(value, path, errors, maxLength);
    }

    private static string? AsString(JsonElement value, string path, ValidationErrors errors, int maxLength)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"Must be a string, not {Describe(value)}.");
            return null;
        }
        var text = value.GetString()!;
        if (text.Length > maxLength) { errors.Add(path, $"Must be at most {maxLength} characters; got {text.Length}."); return null; }
        return text;
    }

    private static decimal? RequiredDecimal(JsonElement parent, string name, string path, ValidationErrors errors, bool mustBePositive, decimal max)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path, "Required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(path, $"Must be a number, not {Describe(value)}.");
            return null;
        }
        var fits = value.TryGetDecimal(out var number);
        // The common case costs no string: a decimal that kept at most MaxDecimalPlaces was not rounded (rounding only
        // happens past 28 digits), and its sign and size are checked without the text.
        if (fits && number.Scale <= MaxDecimalPlaces && (mustBePositive ? number > 0 : number >= 0) && number <= max) return number;

        var raw = value.GetRawText();
        if (!fits)
            errors.Add(path, $"Must be at most {max.ToString(CultureInfo.InvariantCulture)}, not {raw}.");
        // Places counted in the text, and first: TryGetDecimal rounds what decimal cannot hold (1e-30 reads as 0).
        else if (DecimalPlaces(raw) > MaxDecimalPlaces)
            errors.Add(path, $"Must have at most {MaxDecimalPlaces} decimal places, not {raw}.");
        else if (mustBePositive ? number <= 0 : number < 0)
            errors.Add(path, mustBePositive ? $"Must be greater than 0, not {raw}." : $"Must be 0 or more, not {raw}.");
        else if (number > max)
            errors.Add(path, $"Must be at most {max.ToString(CultureInfo.InvariantCulture)}, not {raw}.");
        else
            return number;
        return null;
    }

    /// <summary>The decimal places a JSON number is written with, trailing zeros aside: 1.50 has 1, 1e-30 has 30, 25e1 has 0.</summary>
    private static long DecimalPlaces(string number)
    {
        var e = number.AsSpan().IndexOfAny('e', 'E');
        var mantissa = e < 0 ? number.AsSpan() : number.AsSpan(0, e);
        if (mantissa.IndexOfAnyInRange('1', '9') < 0) return 0;
        var exponent = 0L;
        if (e >= 0 && !long.TryParse(number.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            return long.MaxValue;
        // So far below zero that decimal read it as 0, and subtracting it below could overflow.
        if (exponent < -1000) return long.MaxValue;
        var dot = mantissa.IndexOf('.');
        var places = (dot < 0 ? 0 : mantissa.Length - dot - 1) - exponent;
        for (var i = mantissa.Length - 1; i >= 0 && places > 0; i--)
        {
            if (mantissa[i] == '.') continue;
            if (mantissa[i] != '0') break;
            places--;
        }
        return Math.Max(places, 0);
    }

    private static DateTimeOffset? RequiredTimestamp(JsonElement parent, string name, string path, ValidationErrors errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path, "Required.");
            return null;
        }
        return AsTimestamp(value, path, errors);
    }

    private static DateTimeOffset? OptionalTimestamp(JsonElement parent, string name, string path, ValidationErrors errors) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? AsTimestamp(value, path, errors) : null;

    private static DateTimeOffset? AsTimestamp(JsonElement value, string path, ValidationErrors errors)
    {
        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at) && HasOffset(value.GetString()!))
        {
            if (at >= EarliestTime && at < LatestTime) return at;
            errors.Add(path, $"Must be in the years 2000 to 2099 (UTC), not {Describe(value)}.");
            return null;
        }
        errors.Add(path, $"Must be an RFC 3339 date-time with an offset (2026-11-26T08:00:00Z), not {Describe(value)}.");
        return null;
    }

    // Without an offset System.Text.Json assumes the host's time zone, so one payload would name another instant
    // (and, through updatedAt, another version) on each machine.
    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T');
        return time > 0 && (text[^1] is 'Z' or 'z' || text.AsSpan(time).IndexOfAny('+', '-') >= 0);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        _ => Describe(value.ValueKind),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        _ => kind.ToString(),
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
