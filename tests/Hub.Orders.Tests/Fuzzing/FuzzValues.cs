using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Hub.Orders.Tests.Fuzzing;

/// <summary>
/// Raw JSON values for fuzzing a webhook field: valid alternatives (so that accepted orders are exercised too),
/// adversarial strings (unpaired surrogates, controls, bidi and zero-width characters, noncharacters, 100k characters),
/// extreme numbers, NaN-like strings, wrong types, deep nesting and huge arrays. Raw text, because no JsonNode can hold
/// an unpaired surrogate or keep 1e400 as written.
/// </summary>
internal static class FuzzValues
{
    private static readonly string[] Pieces =
    [
        "A", "z", "7", "-", "_", "/", ".", " ", "é", "中文", "🚀", "ü", "\\u00e9", "\\ud83d\\ude80",
        "\\ud800", "\\udc00", "\\udbff", "\\u0000", "\\u0001", "\\u001f", "\\u007f", "\\u0085", "\\u009f",
        "\\u202e", "\\u202a", "\\u2066", "\\u2069", "\\u200b", "\\u200d", "\\u200e", "\\ufeff", "\\u00ad", "\\u2028",
        "\\uffff", "\\ufffe", "\\ufdd0", "\\u00a0", "\\u3000", "\\\"", "\\\\", "\\n", "\\t", "\\r", "\\/",
    ];

    private static readonly string[] ExtremeNumbers =
    [
        "1e28", "-1e28", "7.9228162514264337593543950335e28", "1e29", "-0", "-0.0", "0", "0e-40", "1e-30", "-1e-30", "1e400", "-1e400",
        "1e-400", "1E+2", "1.5", "-1", "0.1", "0.0000001", "0.000001", "999999999.999999", "1000000000", "1000000000.000001",
        "1000000000000", "1000000000000.1", "1e15", "9007199254740991", "9007199254740992", "9223372036854775807",
        "9223372036854775808", "123456789012345678901234567890", "1.00000000000000000000000000001", "1e-9223372036854775808",
    ];

    private static readonly string[] NaNLike = ["\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e28\"", "\"0x10\"", "\"1,5\"", "\"\"", "\" 1\""];

    private static readonly string[] WrongTypes = ["true", "false", "null", "[]", "{}", "[1,2]", "{\"a\":1}", "[\"x\"]", "[null]", "{\"\\ud800\":1}"];

    private static readonly string[] Dates =
    [
        "\"2026-11-20T02:15:00Z\"", "\"2026-11-20T02:15:00+08:00\"", "\"2000-01-01T00:00:00Z\"", "\"2099-12-31T23:59:59.999Z\"",
        "\"1999-12-31T23:59:59Z\"", "\"2100-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
        "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59-14:00\"", "\"2026-11-20T02:15:00\"", "\"2026-02-30T00:00:00Z\"",
        "\"1970-01-01T00:00:00Z\"", "\"2026-11-20T02:15:00.1234567891Z\"",
    ];

    /// <summary>A JSON string literal built from <see cref="Pieces"/>: mostly short, sometimes empty.</summary>
    public static Gen<string> AdversarialString =>
        Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)).Select(p => "\"" + string.Concat(p) + "\"");

    public static Gen<string> HugeString => Gen.Elements(
        "\"" + new string('x', 100_000) + "\"",
        "\"" + string.Concat(Enumerable.Repeat("中", 100_000)) + "\"",
        "\"" + string.Concat(Enumerable.Repeat("\\u202e", 20_000)) + "\"",
        "\"" + string.Concat(Enumerable.Repeat("\\ud800", 20_000)) + "\"");

    /// <summary>Decimals inside the documented bounds, with 0 to 6 places: accepted where a number is wanted.</summary>
    public static Gen<string> PlainNumber =>
        from whole in Gen.Choose(0, 1_000_000)
        from places in Gen.Choose(0, 6)
        from fraction in Gen.Choose(0, 999_999)
        select places == 0
            ? whole.ToString(CultureInfo.InvariantCulture)
            : whole.ToString(CultureInfo.InvariantCulture) + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(6, '0')[..places];

    public static Gen<string> ExtremeNumber => Gen.Elements(ExtremeNumbers);

    public static Gen<string> DeepNesting => Gen.Choose(20, 300).SelectMany(depth => Gen.Elements(
        new string('[', depth) + new string(']', depth),
        string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)));

    public static Gen<string> HugeArray => Gen.Elements(1001, 5000, 20_000).Select(n =>
        "[" + string.Join(",", Enumerable.Repeat("{\"sku\":\"S\",\"quantity\":1,\"unitPrice\":1}", n)) + "]");

    public static Gen<string> Date => Gen.OneOf(
        Gen.Elements(Dates),
        from year in Gen.Choose(1, 9999)
        from offset in Gen.Elements("Z", "+14:00", "-14:00", "+08:00")
        select $"\"{year:0000}-06-15T12:00:00{offset}\"");

    /// <summary>Any value at all, weighted towards the field's own valid alternatives.</summary>
    public static Gen<string> For(IReadOnlyList<string> validAlternatives) => Gen.Frequency(
        (30, validAlternatives.Count > 0 ? Gen.Elements<string>(validAlternatives) : AdversarialString),
        (25, AdversarialString),
        (8, PlainNumber),
        (10, ExtremeNumber),
        (4, Gen.Elements(NaNLike)),
        (8, Gen.Elements(WrongTypes)),
        (6, Date),
        (3, DeepNesting),
        (2, HugeString),
        (2, HugeArray));
}
