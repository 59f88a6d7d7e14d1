using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using Hub.StockReports.Tests.Csv;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;

namespace Hub.StockReports.Tests.Ndjson;

/// <summary>Reads an NDJSON file and validates every row as processing does: the map made from the first line, over the header as it grows.</summary>
internal static class NdjsonValidation
{
    public static (StockHeaderMap Map, List<StockLine> Lines, List<RowError> Errors) Validate(TempReportFolder folder, string fileName)
    {
        using var stream = File.OpenRead(Path.Combine(folder.Root, fileName));
        using var reader = TabularReaders.Open(stream, fileName, new TabularReaderOptions());
        var map = Assert.IsType<StockHeaderMapping.Mapped>(StockHeaderMapper.Map(reader.Header, Operator())).Map;
        var validator = new StockRowValidator(map, Operator());
        var (lines, errors) = (new List<StockLine>(), new List<RowError>());
        while (reader.TryReadRow(out var row))
        {
            switch (validator.Validate(row))
            {
                case StockRowResult.Valid valid:
                    lines.Add(valid.Line);
                    break;
                case StockRowResult.Invalid invalid:
                    errors.AddRange(invalid.Errors);
                    break;
            }
        }

        return (map, lines, errors);
    }
}
