using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Hub.StockReports.Parsing;
using Hub.StockReports.Tests.Rows;

namespace Hub.StockReports.Tests.Csv;

/// <summary>
/// Property-based: CSV files written every way operators' tools write them (comma, semicolon or tab; quoted always or when
/// needed; CRLF or LF; UTF-8 with or without BOM, UTF-16, GB18030 or Windows-1252, never declared) with adversarial cells.
/// GB18030 and Windows-1252 files hold Chinese and Latin text: their bytes alone cannot tell random characters of one from the other.
/// </summary>
public sealed class when_csv_reports_are_fuzzed
{
    private static readonly Encoding Windows1252 = Encoding.GetEncoding(1252);

    private sealed record Case(char Delimiter, bool QuoteAll, string LineEnd, int EncodingIndex, GeneratedRow[] Rows, int CutAt)
    {
        public override string ToString() =>
            $"delimiter {(int)Delimiter}, quote all {QuoteAll}, line end {LineEnd.Length}, encoding {EncodingIndex}, cut at {CutAt}, rows:\n  {string.Join("\n  ", Rows.Select(r => r.ToString()))}";
    }

    private static readonly Gen<Case> Cases =
        from delimiter in Gen.Elements(',', ';', '\t')
        from quoteAll in Gen.Elements(false, true)
        from lineEnd in Gen.Elements("\n", "\r\n")
        from encoding in Gen.Choose(0, 4)
        let text = encoding switch { 3 => StockFuzz.Words(StockFuzz.Chinese), 4 => StockFuzz.Words(StockFuzz.Latin), _ => StockFuzz.Text() }
        from rows in Gen.ArrayOf(
            from sku in text
            from onHand in StockFuzz.Quantity()
            from description in text
            select new GeneratedRow(sku, onHand, description)).Select(r => r.Take(8).ToArray())
        from cutAt in Gen.Frequency((4, Gen.Constant(-1)), (1, Gen.Choose(0, 400)))
        select new Case(delimiter, quoteAll, lineEnd, encoding, rows, cutAt);

    [Fact]
    public void valid_rows_come_through_unchanged_and_every_other_is_an_error_of_its_own_row_and_column()
    {
        var (guessed, refused) = (0, 0);
        StockFuzz.Check(Cases, seed: 20261207, count: 250, c =>
        {
            var encoding = EncodingOf(c.EncodingIndex);
            var rows = c.Rows.Select(r => new GeneratedRow(Representable(r.Sku, encoding), Representable(r.OnHand, encoding), Representable(r.Description, encoding))).ToArray();
            var text = new StringBuilder($"warehouse_code{c.Delimiter}sku{c.Delimiter}on_hand{c.Delimiter}description{c.LineEnd}");
            foreach (var row in rows)
            {
                text.Append(string.Join(c.Delimiter, new[] { "DE-01", row.Sku, row.OnHand, row.Description }.Select(v => Field(v, c.Delimiter, c.QuoteAll)))).Append(c.LineEnd);
            }
            var bytes = Bytes(text.ToString(), c.EncodingIndex);
            if (c.CutAt >= 0)
            {
                bytes = bytes[..Math.Min(bytes.Length, c.CutAt)];
            }

            var read = StockFuzz.ReadAll(() => TabularReaders.Open(new MemoryStream(bytes), "stock.csv", new TabularReaderOptions()));

            if (c.CutAt >= 0)
            {
                return;
            }
            // GB18030 and Windows-1252 are guessed; a guess it cannot make is a refusal, never a wrong decoding. A quoted field
            // over the cell limit that runs over lines is refused as a runaway quote.
            var mayBeRefused = c.EncodingIndex >= 3
                || rows.Any(r => new[] { r.Sku, r.OnHand, r.Description }.Any(v => v.Length > TabularLimits.MaxCellLength && v.AsSpan().ContainsAny('\r', '\n')));
            guessed += c.EncodingIndex >= 3 ? 1 : 0;
            if (read is null)
            {
                Assert.True(mayBeRefused, "a well-formed file was refused");
                refused++;
                return;
            }
            Assert.Equal(["warehouse_code", "sku", "on_hand", "description"], read.Value.Header);
            Assert.Equal(rows.Length, read.Value.Rows.Count);
            for (var i = 0; i < rows.Length; i++)
            {
                StockFuzz.AssertRow(i + 2, rows[i], read.Value.Rows[i]);
            }
        });
        // Refusing every guessed file would pass the property and help no operator.
        Assert.True(refused * 2 < guessed, $"{refused} of {guessed} GB18030 and Windows-1252 files refused");
    }

    [Fact]
    public void arbitrary_bytes_are_rows_or_a_refusal_and_nothing_else() =>
        StockFuzz.Check(
            Gen.ArrayOf(Gen.Frequency(
                (4, Gen.Elements("warehouse_code,sku,on_hand\n", "DE-01,", "A-1,", "5\n", "\"", "\r\n", ";", "\t", "sep=;\n", "仓库")
                    .Select(s => Encoding.UTF8.GetBytes(s))),
                (2, Gen.Choose(0, 255).Select(b => new[] { (byte)b })))).Select(parts => parts.SelectMany(p => p).ToArray()),
            seed: 7, count: 400,
            bytes => StockFuzz.ReadAll(() => TabularReaders.Open(new MemoryStream(bytes), "stock.csv", new TabularReaderOptions())));

    private static string Field(string value, char delimiter, bool quoteAll) =>
        quoteAll || value.AsSpan().ContainsAny([delimiter, '"', '\r', '\n']) || value != value.Trim(' ')
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;

    private static Encoding EncodingOf(int index) => index switch
    {
        2 => Encoding.Unicode,
        3 => TempReportFolder.Gb18030,
        4 => Windows1252,
        _ => Encoding.UTF8,
    };

    /// <summary>The text as the encoding can hold it: Windows-1252 writes '?' for what it lacks, as a spreadsheet saving to it does.</summary>
    private static string Representable(string text, Encoding encoding) => encoding.GetString(encoding.GetBytes(text));

    private static byte[] Bytes(string text, int index) => index switch
    {
        1 => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)],
        2 => [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(text)],
        _ => EncodingOf(index).GetBytes(text),
    };
}
