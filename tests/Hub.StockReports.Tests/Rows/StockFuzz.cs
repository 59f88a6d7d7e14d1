using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using Microsoft.FSharp.Core;

namespace Hub.StockReports.Tests.Rows;

/// <summary>
/// Generators and checks shared by the stock format fuzzers: adversarial text and numbers, and what must hold of any read.
/// Every property runs from a fixed seed, so a failure names a case that fails again the same way.
/// </summary>
internal static class StockFuzz
{
    private static readonly string[] Snippets =
    [
        "\"", ",", ";", "\t", "\r\n", "\n", "\r", " ", "  ", "\u00a0", "\u202e", "\u200f", "\u2066", "\u2069", "\ufeff", "\u0001", "\u001f", "\u007f",
        "😀", "𠀋", "仓库", "商品编码", "é", "ß", "Ü", "€", "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "'", "\\", "{", "}", "[", "]", "sep=;", "_x000D_",
    ];

    /// <summary>Text as operators and fuzzers write it: snippets that trip parsers, any BMP character, astral characters, and sometimes 100,000 characters.</summary>
    public static Gen<string> Text(bool loneSurrogates = false)
    {
        var character = Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7e).Select(c => ((char)c).ToString())),
            (3, Gen.Choose(0xa0, 0xd7ff).Select(c => ((char)c).ToString())),
            (1, Gen.Choose(0xe000, 0xfffd).Select(c => ((char)c).ToString())),
            (1, Gen.Choose(0x10000, 0x10ffff).Select(char.ConvertFromUtf32)),
            (3, Gen.Elements(Snippets)),
            (loneSurrogates ? 1 : 0, Gen.Elements("\ud800", "\udfff", "\ud83d")));
        var normal = Gen.ListOf(character).Select(string.Concat);
        var huge = Gen.Zip(Gen.Elements(99_999, 100_000, TabularLimits.MaxCellLength, TabularLimits.MaxCellLength + 1), Gen.Elements("x", "é", "仓", "😀", "a b"))
            .Select(t => Repeat(t.Item2, t.Item1));
        return Gen.Frequency((30, normal), (1, huge));
    }

    /// <summary>Text in one script as people write it, with the ASCII snippets that trip parsers: what a GB18030 or Windows-1252 file holds.</summary>
    public static Gen<string> Words(string letters) =>
        Gen.ListOf(Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7e).Select(c => ((char)c).ToString())),
            (4, Gen.Elements(letters.EnumerateRunes().Select(r => r.ToString()).ToArray())),
            (2, Gen.Elements("\"", ",", ";", "\t", "\r\n", "\n", " ", "'", "=SUM(A1)")))).Select(string.Concat);

    public const string Chinese = "仓库商品编码在库数量可用锁定批次有效期单位不锈钢水泵电动螺丝刀红色大号小型包装纸箱杭州义乌宁波发货入库出库盘点日期";
    public const string Latin = "àáâäåæçèéêëìíîïñòóôöøùúûüýÿßÀÉÈÜÖÄÑÇ€«»°";

    /// <summary>Quantities: valid ones, the edges of long and of the limit, and text that only looks like a number.</summary>
    public static Gen<string> Quantity() => Gen.Frequency(
        (5, Gen.Choose(0, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Elements("0", "1000000000000", "1000000000001", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "12.0", "12.00", "12.5", "12,0", "1,234", "1e3", "1E308", "1e400", "-0", "+5", "NaN", "Infinity", "0x10", "٣", "１２", "00012", "")),
        (1, Gen.Choose(1, 400).Select(n => new string('9', n))),
        (1, Text()));

    /// <summary>Checks <paramref name="property"/> over <paramref name="count"/> cases of <paramref name="gen"/> from <paramref name="seed"/>.</summary>
    public static void Check<T>(Gen<T> gen, ulong seed, int count, Action<T> property) =>
        FsCheck.Check.One(
            Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(count)
                .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None))),
            Prop.ForAll(Arb.From(gen), property));

    /// <summary>Reads every row and validates it; anything thrown but <see cref="UnreadableReportException"/> escapes and fails the property.</summary>
    public static (IReadOnlyList<string> Header, List<(TabularRow Row, StockRowResult Result)> Rows)? ReadAll(Func<ITabularReader> open)
    {
        try
        {
            using var reader = open();
            if (StockHeaderMapper.Map(reader.Header, StockRowFixtures.Operator()) is not StockHeaderMapping.Mapped mapped)
            {
                return ([.. reader.Header], []);
            }
            var validator = new StockRowValidator(mapped.Map, StockRowFixtures.Operator());
            var rows = new List<(TabularRow, StockRowResult)>();
            while (reader.TryReadRow(out var row))
            {
                var result = validator.Validate(row);
                if (result is StockRowResult.Invalid invalid)
                {
                    Assert.NotEmpty(invalid.Errors);
                    Assert.All(invalid.Errors, e => Assert.Equal(row.RowNumber, e.Row));
                    Assert.All(invalid.Errors, e => Assert.False(string.IsNullOrEmpty(e.Column)));
                    Assert.All(invalid.Errors, e => Assert.True(e.Value is null || e.Value.Length <= TabularLimits.MaxCellLength, "an error quotes at most a cell"));
                }
                Assert.All(row.Cells, c => Assert.True(c is null || c.Length <= TabularLimits.MaxCellLength + 1, "a cell is cut one beyond the limit"));
                rows.Add((row, result));
            }
            return ([.. reader.Header], rows);
        }
        catch (UnreadableReportException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return null;
        }
    }

    /// <summary>
    /// What a generated row must come to: its values unchanged (as the validator trims them) when every one is valid, else an
    /// error of its own row naming a column it got wrong.
    /// </summary>
    public static void AssertRow(long expectedRow, GeneratedRow generated, (TabularRow Row, StockRowResult Result) read)
    {
        Assert.Equal(expectedRow, read.Row.RowNumber);
        var sku = generated.Sku.Trim();
        var description = generated.Description.Trim();
        var skuOk = sku.Length is > 0 and <= TabularLimits.MaxCellLength;
        var descriptionOk = description.Length <= TabularLimits.MaxCellLength;
        // A reader may count a cell's length before trimming it (CSV counts the raw field).
        var skuMayBeRefused = !skuOk || generated.Sku.Length > TabularLimits.MaxCellLength;
        var descriptionMayBeRefused = !descriptionOk || generated.Description.Length > TabularLimits.MaxCellLength;
        switch (read.Result)
        {
            case StockRowResult.Valid { Line: var line }:
                Assert.True(skuOk && descriptionOk, $"row {expectedRow} was accepted with a sku of {sku.Length} or a description of {description.Length} characters");
                Assert.Equal(sku, line.Sku);
                Assert.Equal(description.Length == 0 ? null : description, line.Description);
                var whole = generated.OnHand.Trim() is var q && q.IndexOf('.') is var dot and > 0 && q[(dot + 1)..].All(c => c == '0') ? q[..dot] : q.Trim();
                Assert.Equal(whole.TrimStart('0') is { Length: > 0 } digits ? digits : "0", line.OnHand.ToString(CultureInfo.InvariantCulture));
                break;
            case StockRowResult.Invalid { Errors: var errors }:
                var wrong = errors.Select(e => e.Column).ToHashSet();
                Assert.True((skuMayBeRefused && wrong.Contains(StockColumns.Sku)) || (descriptionMayBeRefused && wrong.Contains(StockColumns.Description)) || wrong.Contains(StockColumns.OnHand),
                    $"row {expectedRow} was refused for {string.Join(", ", errors.Select(e => $"{e.Column}: {e.Message}"))}");
                break;
        }
    }

    private static string Repeat(string piece, int length)
    {
        var text = new StringBuilder(length + piece.Length);
        while (text.Length < length)
        {
            text.Append(piece);
        }
        return text.ToString();
    }

    public static string Describe(string text) =>
        text.Length > 200 ? $"{text.Length:N0} characters starting {Escape(text[..80])}" : Escape(text);

    private static string Escape(string text)
    {
        var result = new StringBuilder();
        foreach (var c in text)
        {
            result.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return result.ToString();
    }
}

/// <summary>One generated data row: the warehouse is always a valid one, the rest is fuzzed.</summary>
internal sealed record GeneratedRow(string Sku, string OnHand, string Description)
{
    public override string ToString() => $"sku {StockFuzz.Describe(Sku)}, on_hand {StockFuzz.Describe(OnHand)}, description {StockFuzz.Describe(Description)}";
}
