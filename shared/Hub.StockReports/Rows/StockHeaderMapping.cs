namespace Hub.StockReports.Rows;

/// <summary>The outcome of <see cref="StockHeaderMapper.Map"/>: a usable map, or why the whole file is rejected.</summary>
public abstract record StockHeaderMapping
{
    private StockHeaderMapping()
    {
    }

    public sealed record Mapped(StockHeaderMap Map) : StockHeaderMapping;

    /// <param name="Reason">One sentence for the report's status: every problem found, and the accepted header names.</param>
    /// <param name="Unrecognised">Header cells that name no column, as written in the file.</param>
    /// <param name="Missing">Required canonical columns the header lacks.</param>
    /// <param name="Duplicated">Canonical columns named by more than one header cell.</param>
    public sealed record Rejected(
        string Reason,
        IReadOnlyList<string> Unrecognised,
        IReadOnlyList<string> Missing,
        IReadOnlyList<string> Duplicated) : StockHeaderMapping;
}
