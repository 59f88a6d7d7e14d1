using Hub.Contracts.Stock;

namespace Hub.StockReports.Processing;

/// <summary>A report's warnings for its status: the first <see cref="StockReportStatuses.MaxListedErrors"/>, and a count of the rest.</summary>
internal sealed class ReportWarnings
{
    private readonly List<string> _first = [];
    private long _more;

    public void Add(string warning)
    {
        if (_first.Count < StockReportStatuses.MaxListedErrors) _first.Add(warning);
        else _more++;
    }

    /// <summary>Null when there were none, so that a status without warnings does not show an empty list.</summary>
    public IReadOnlyList<string>? ToList() =>
        _first.Count == 0 ? null : _more == 0 ? _first.ToList() : [.. _first, $"and {_more} more warnings like these"];
}
