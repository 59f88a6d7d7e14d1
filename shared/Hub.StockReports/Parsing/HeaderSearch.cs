namespace Hub.StockReports.Parsing;

/// <summary>
/// Picks the header among the first rows of a sheet as <see cref="TabularReaderOptions.RateHeader"/> describes. Rows are offered
/// in order and none is held but the best so far: a header that is not complete is refused by the mapping, so the rows read
/// past it while looking further are never needed.
/// </summary>
internal sealed class HeaderSearch(Func<IReadOnlyList<string>, HeaderFit>? rate)
{
    private HeaderFit _fit;

    public string[]? Header { get; private set; }

    /// <summary>The spreadsheet row number of <see cref="Header"/>.</summary>
    public long Row { get; private set; }

    /// <summary>Offers a non-blank row; true when the header is decided (then stop offering).</summary>
    public bool Offer(long row, string[] cells)
    {
        if (Header is not null && row > TabularLimits.HeaderSearchRows)
        {
            return true;
        }

        var fit = rate?.Invoke(cells) ?? HeaderFit.Complete;
        if (Header is null || fit > _fit)
        {
            (Header, Row, _fit) = (cells, row, fit);
        }

        return fit == HeaderFit.Complete || row >= TabularLimits.HeaderSearchRows;
    }
}
