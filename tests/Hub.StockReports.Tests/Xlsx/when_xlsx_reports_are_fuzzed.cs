using System.Text;
using DocumentFormat.OpenXml.Spreadsheet;
using FsCheck;
using FsCheck.Fluent;
using Hub.StockReports.Parsing;
using Hub.StockReports.Tests.Rows;

namespace Hub.StockReports.Tests.Xlsx;

/// <summary>
/// Property-based: workbooks written by the OpenXml SDK with adversarial text in shared, inline and cached formula strings,
/// quantities as extreme numbers or as text, title rows above the header; and the same workbooks cut short.
/// </summary>
public sealed class when_xlsx_reports_are_fuzzed
{
    private enum Kind { Shared, Inline, Formula }

    private sealed record Case(GeneratedRow[] Rows, Kind[] Kinds, bool NumericQuantity, int TitleRows, int CutAt)
    {
        public override string ToString() =>
            $"titles {TitleRows}, numeric {NumericQuantity}, kinds {string.Join(",", Kinds)}, cut at {CutAt}, rows:\n  {string.Join("\n  ", Rows.Select(r => r.ToString()))}";
    }

    // Integral quantities are stored as Excel stores them; the others are numbers no stock figure is.
    private static readonly Gen<string> Quantities = Gen.Frequency(
        (4, Gen.Choose(0, int.MaxValue).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Elements("1000000000000", "1000000000001", "1E+308", "-1", "0.5", "4.9E-324", "123456789.25", "1.7976931348623157E+308")));

    private static readonly Gen<Case> Cases =
        from numeric in Gen.Elements(false, true)
        from rows in Gen.ArrayOf(
            from sku in StockFuzz.Text().Select(XmlLegal)
            from onHand in numeric ? Quantities : StockFuzz.Quantity().Select(XmlLegal)
            from description in StockFuzz.Text().Select(XmlLegal)
            select new GeneratedRow(sku, onHand, description)).Select(r => r.Take(6).ToArray())
        from kinds in Gen.ArrayOf(Gen.Elements(Kind.Shared, Kind.Inline, Kind.Formula), 18)
        from titles in Gen.Elements(0, 0, 1, 3)
        from cutAt in Gen.Frequency((5, Gen.Constant(-1)), (1, Gen.Choose(0, 3000)))
        select new Case(rows, kinds, numeric, titles, cutAt);

    [Fact]
    public void valid_rows_come_through_unchanged_and_every_other_is_an_error_of_its_own_row_and_column() =>
        StockFuzz.Check(Cases, seed: 1907, count: 60, c =>
        {
            var workbook = new TestWorkbook();
            var kind = 0;
            Cell Cell(string reference, string text) => c.Kinds[kind++ % c.Kinds.Length] switch
            {
                Kind.Shared => workbook.Text(reference, text),
                Kind.Inline => TestWorkbook.Inline(reference, text),
                _ => TestWorkbook.Formula(reference, "T(\"x\")", text, CellValues.String),
            };
            var sheet = new List<Row>();
            for (var t = 1; t <= c.TitleRows; t++)
            {
                sheet.Add(TestWorkbook.Row((uint)t, Cell($"A{t}", $"Stock report {t}")));
            }
            var header = (uint)c.TitleRows + 1;
            sheet.Add(TestWorkbook.Row(header, Cell($"A{header}", "warehouse_code"), Cell($"B{header}", "sku"), Cell($"C{header}", "on_hand"), Cell($"D{header}", "description")));
            for (var i = 0; i < c.Rows.Length; i++)
            {
                var (r, row) = (header + 1 + (uint)i, c.Rows[i]);
                sheet.Add(TestWorkbook.Row(r,
                    Cell($"A{r}", "DE-01"), Cell($"B{r}", row.Sku),
                    c.NumericQuantity ? TestWorkbook.Number($"C{r}", row.OnHand) : Cell($"C{r}", row.OnHand),
                    Cell($"D{r}", row.Description)));
            }
            var bytes = workbook.Sheet("Stock", [.. sheet]).ToBytes();
            if (c.CutAt >= 0)
            {
                bytes = bytes[..Math.Min(bytes.Length, c.CutAt * 4)];
            }

            var options = new TabularReaderOptions { RateHeader = Hub.StockReports.Rows.StockHeaderMapper.RateHeader(StockRowFixtures.Operator()) };
            var read = StockFuzz.ReadAll(() => XlsxTabularReader.Open(new MemoryStream(bytes), options));

            if (c.CutAt >= 0)
            {
                return;
            }
            Assert.NotNull(read);
            Assert.Equal(["warehouse_code", "sku", "on_hand", "description"], read.Value.Header);
            var expected = c.Rows.Select((row, i) => (Row: row, Number: header + 1 + i)).ToList();
            Assert.Equal(expected.Count, read.Value.Rows.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                StockFuzz.AssertRow(expected[i].Number, expected[i].Row, read.Value.Rows[i]);
            }
        });

    /// <summary>What XML 1.0 can carry: no C0 controls but tab and LF, no lone surrogates, no CR (XML reads CR LF as LF).</summary>
    private static string XmlLegal(string text)
    {
        var legal = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                legal.Append(c).Append(text[++i]);
            }
            else if (c is '\t' or '\n' || (c >= ' ' && c != '\u007f' && !char.IsSurrogate(c) && c is not ('\ufffe' or '\uffff')))
            {
                legal.Append(c);
            }
        }
        return legal.ToString();
    }
}
