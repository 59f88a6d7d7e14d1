namespace Hub.StockReports.Rows;

/// <summary>The outcome of validating one row: a line, or every error found in it.</summary>
public abstract record StockRowResult
{
    private StockRowResult()
    {
    }

    public sealed record Valid(StockLine Line) : StockRowResult;

    public sealed record Invalid(IReadOnlyList<RowError> Errors) : StockRowResult;
}
