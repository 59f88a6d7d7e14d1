using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using Hub.StockReports.Tests.Rows;

namespace Hub.StockReports.Tests.Ndjson;

/// <summary>
/// Property-based: NDJSON files whose later lines add keys, hold adversarial strings (lone surrogates among them), extreme
/// numbers, deep nesting, truncated lines and garbage. Each line is its own row: valid, or an error of its own line.
/// </summary>
public sealed partial class when_ndjson_reports_are_fuzzed
{
    private enum Damage { None, Truncated, Garbage, Nested }

    private sealed record Line(GeneratedRow Row, bool WithColour, Damage Damage, int Cut, int Depth, int Order)
    {
        public override string ToString() => $"{Damage} (cut {Cut}, depth {Depth}, order {Order}, colour {WithColour}): {Row}";
    }

    private static readonly Gen<Line> Lines =
        from sku in StockFuzz.Text(loneSurrogates: true)
        from onHand in StockFuzz.Quantity()
        from description in StockFuzz.Text(loneSurrogates: true)
        from colour in Gen.Elements(false, true)
        from damage in Gen.Frequency((6, Gen.Constant(Damage.None)), (1, Gen.Constant(Damage.Truncated)), (1, Gen.Constant(Damage.Garbage)), (1, Gen.Constant(Damage.Nested)))
        from cut in Gen.Choose(1, 1_000_000)
        from depth in Gen.Elements(1, 10, 40, 100, 1_000)
        from order in Gen.Choose(0, 5)
        select new Line(new GeneratedRow(sku, onHand, description), colour, damage, cut, depth, order);

    [Fact]
    public void every_line_is_a_valid_row_with_its_values_unchanged_or_an_error_of_its_own_line() =>
        StockFuzz.Check(Gen.ArrayOf(Lines).Select(l => l.Take(10).ToArray()), seed: 424242, count: 200, lines =>
        {
            var text = new StringBuilder("{\"warehouse_code\":\"DE-01\",\"sku\":\"FIRST\",\"on_hand\":1}\n");
            var written = lines.Select(Write).ToArray();
            foreach (var line in written)
            {
                text.Append(line).Append('\n');
            }

            var read = StockFuzz.ReadAll(() => TabularReaders.Open(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "stock.ndjson", new TabularReaderOptions()));

            Assert.NotNull(read);
            var rows = read.Value.Rows.Skip(1).ToList();
            Assert.Equal(lines.Length, rows.Count);
            for (var i = 0; i < lines.Length; i++)
            {
                var (line, row) = (lines[i], rows[i]);
                Assert.Equal(i + 2, row.Row.RowNumber);
                switch (line.Damage)
                {
                    case Damage.Truncated or Damage.Garbage:
                    case Damage.Nested when HasLoneSurrogate(line.Row.Sku):
                        Assert.IsType<StockRowResult.Invalid>(row.Result);
                        break;
                    case Damage.Nested when line.Depth >= 100:
                        Assert.Equal(StockColumns.Description, Assert.Single(Assert.IsType<StockRowResult.Invalid>(row.Result).Errors).Column);
                        break;
                    case Damage.Nested when line.Depth <= 40 && row.Result is StockRowResult.Valid { Line: var nested }:
                        Assert.Equal(new string('[', line.Depth) + new string(']', line.Depth), nested.Description);
                        break;
                    case Damage.None when HasLoneSurrogate(line.Row.Sku) || HasLoneSurrogate(line.Row.Description):
                        Assert.IsType<StockRowResult.Invalid>(row.Result);
                        break;
                    case Damage.None:
                        StockFuzz.AssertRow(i + 2, line.Row, row);
                        break;
                }
            }
        });

    [Fact]
    public void arbitrary_bytes_after_a_first_object_are_rows_or_a_refusal_and_nothing_else() =>
        StockFuzz.Check(
            Gen.ArrayOf(Gen.Frequency(
                (4, Gen.Elements("{", "}", "\"sku\":", "\"on_hand\":", "1e999", "-", "[", "]", ",", "\n", "\"", "\\u", "\\ud800", "null", "true", " ").Select(s => Encoding.UTF8.GetBytes(s))),
                (1, Gen.Choose(0, 255).Select(b => new[] { (byte)b })))).Select(parts => parts.SelectMany(p => p).ToArray()),
            seed: 99, count: 400,
            bytes => StockFuzz.ReadAll(() => TabularReaders.Open(
                new MemoryStream([.. "{\"warehouse_code\":\"DE-01\",\"sku\":\"A\",\"on_hand\":1}\n"u8, .. bytes]), "stock.ndjson", new TabularReaderOptions())));

    private static string Write(Line line)
    {
        var onHand = JsonNumber().IsMatch(line.Row.OnHand) ? line.Row.OnHand : Quoted(line.Row.OnHand);
        var description = line.Damage == Damage.Nested ? new string('[', line.Depth) + new string(']', line.Depth) : Quoted(line.Row.Description);
        List<string> properties = ["\"warehouse_code\":\"DE-01\"", $"\"sku\":{Quoted(line.Row.Sku)}", $"\"on_hand\":{onHand}", $"\"description\":{description}"];
        if (line.WithColour)
        {
            properties.Add("\"colour\":{\"r\":1,\"g\":[2,3]}");
        }
        properties = [.. properties.Skip(line.Order % properties.Count), .. properties.Take(line.Order % properties.Count)];
        var json = "{" + string.Join(",", properties) + "}";
        return line.Damage switch
        {
            Damage.Truncated => json[..(line.Cut % (json.Length - 1) + 1)].TrimEnd() is { Length: > 0 } cut && cut != json ? cut : "{",
            Damage.Garbage => "sku,on_hand " + json[..Math.Min(json.Length, 20)],
            _ => json,
        };
    }

    private static string Quoted(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            json.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or > '~' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }
        return json.Append('"').ToString();
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
