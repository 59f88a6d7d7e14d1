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
