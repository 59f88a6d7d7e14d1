namespace Hub.StockReports.Rows;

/// <summary>Where each canonical column sits in a file's header row.</summary>
public sealed class StockHeaderMap
{
    private readonly Dictionary<string, int> _indexByColumn;

    internal StockHeaderMap(IReadOnlyList<string> header, Dictionary<string, int> indexByColumn)
    {
        Header = header;
        _indexByColumn = indexByColumn;
    }

    /// <summary>The header cells as the file has them.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Canonical column to its zero-based cell index, for the columns the file has.</summary>
    public IReadOnlyDictionary<string, int> Columns => _indexByColumn;

    public bool Has(string column) => _indexByColumn.ContainsKey(column);

    /// <summary>The cell of a canonical column in a row, or null when the file has no such column or the row no value.</summary>
    public string? CellOf(string?[] cells, string column) =>
        _indexByColumn.TryGetValue(column, out var index) && index < cells.Length ? cells[index] : null;
}
