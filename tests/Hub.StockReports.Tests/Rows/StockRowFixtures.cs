using Hub.Core.Registry;
using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Tests.Rows;

internal static class StockRowFixtures
{
    public static OperatorRegistration Operator(IReadOnlyDictionary<string, IReadOnlyList<string>>? aliases = null) => new()
    {
        Id = "op-eu",
        Name = "EU Fulfilment",
        Warehouses = ["DE-01", "NL-02"],
        ColumnAliases = aliases ?? new Dictionary<string, IReadOnlyList<string>>(),
    };

    public static StockHeaderMap MapOf(params string[] header) =>
        StockHeaderMapper.Map(header, Operator()) switch
        {
            StockHeaderMapping.Mapped m => m.Map,
            StockHeaderMapping.Rejected r => throw new InvalidOperationException(r.Reason),
            _ => throw new InvalidOperationException(),
        };

    /// <summary>Maps a reader's header and validates every row as processing does: the map over the header as it grows.</summary>
    public static (StockHeaderMap Map, List<StockLine> Lines, List<RowError> Errors) ValidateAll(ITabularReader reader)
    {
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

    public static StockHeaderMapping.Rejected Rejected(OperatorRegistration op, params string[] header) =>
        Assert.IsType<StockHeaderMapping.Rejected>(StockHeaderMapper.Map(header, op));

    /// <summary>Validates one row given as column-value pairs, the header being those columns in order.</summary>
    public static StockRowResult Validate(long row, params (string Column, string? Value)[] cells)
    {
        var map = MapOf([.. cells.Select(c => c.Column)]);
        return new StockRowValidator(map, Operator()).Validate(new TabularRow(row, [.. cells.Select(c => c.Value)]));
    }

    public static StockLine Line(long row, params (string Column, string? Value)[] cells) =>
        Assert.IsType<StockRowResult.Valid>(Validate(row, cells)).Line;

    public static IReadOnlyList<RowError> ErrorsOf(long row, params (string Column, string? Value)[] cells) =>
        Assert.IsType<StockRowResult.Invalid>(Validate(row, cells)).Errors;
}
