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
        return ValidateAll(reader);
    }
}
