namespace Hub.StockReports.Rows;

/// <summary>Where each canonical column sits in a file's header row, and which header cells name no column (ignored).</summary>
/// <remarks>
/// An NDJSON header grows as keys first appear in later lines; <see cref="Extend"/> places them, with the same names as the first
/// line's. A later key naming a column already placed under another name (<c>qty</c> in one line, <c>on_hand</c> in another)
/// is a second cell of that column; a row giving both is an error (<see cref="StockRowValidator"/>).
/// </remarks>
public sealed class StockHeaderMap
{
    private readonly Dictionary<string, int> _indexByColumn;
    private readonly Dictionary<string, List<int>> _moreIndexesByColumn = new(StringComparer.Ordinal);
    private readonly Func<string, string?> _columnOf;
    private readonly List<(string Name, int Index)> _ignored;
    private int _width;

    internal StockHeaderMap(IReadOnlyList<string> header, Dictionary<string, int> indexByColumn, List<(string Name, int Index)> ignored, Func<string, string?> columnOf)
    {
        Header = header;
        _indexByColumn = indexByColumn;
        _ignored = ignored;
        _columnOf = columnOf;
        _width = header.Count;
    }

    /// <summary>The header cells as the file has them.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Canonical column to its zero-based cell index, for the columns the file has.</summary>
    public IReadOnlyDictionary<string, int> Columns => _indexByColumn;

    /// <summary>Header cells that name no column, with their zero-based index: their cells are not read.</summary>
    public IReadOnlyList<(string Name, int Index)> Ignored => _ignored;

    public bool Has(string column) => _indexByColumn.ContainsKey(column);

    /// <summary>The cell of a canonical column in a row, or null when the file has no such column or the row no value.</summary>
    public string? CellOf(string?[] cells, string column)
    {
        if (!_indexByColumn.TryGetValue(column, out var index))
        {
            return null;
        }

        var cell = index < cells.Length ? cells[index] : null;
        if (cell is null && _moreIndexesByColumn.TryGetValue(column, out var more))
        {
            foreach (var other in more)
            {
                if (other < cells.Length && cells[other] is { } value)
                {
                    return value;
                }
            }
        }

        return cell;
    }

    /// <summary>The header names under which a row gives a column more than once (a later NDJSON key naming a column again); empty mostly.</summary>
    public IReadOnlyList<string> NamesGiven(string?[] cells, string column)
    {
        if (!_moreIndexesByColumn.TryGetValue(column, out var more) || !_indexByColumn.TryGetValue(column, out var first))
        {
            return [];
        }

        var names = new List<string>();
        foreach (var index in (IEnumerable<int>)[first, .. more])
        {
            if (index < cells.Length && !string.IsNullOrWhiteSpace(cells[index]))
            {
                names.Add(Header[index]);
            }
        }

        return names.Count > 1 ? names : [];
    }

    /// <summary>The canonical column of the header cell at <paramref name="index"/>, or the cell's own name when it names none.</summary>
    public string ColumnAt(int index)
    {
        foreach (var (column, at) in _indexByColumn)
        {
            if (at == index)
            {
                return column;
            }
        }

        foreach (var (column, more) in _moreIndexesByColumn)
        {
            if (more.Contains(index))
            {
                return column;
            }
        }

        return index < Header.Count ? Header[index] : $"column {index + 1}";
    }

    /// <summary>Places the header cells added since the map was made or last extended.</summary>
    public void Extend()
    {
        for (; _width < Header.Count; _width++)
        {
            var name = Header[_width];
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            if (_columnOf(name) is not { } column)
            {
                _ignored.Add((name, _width));
            }
            else if (_indexByColumn.TryAdd(column, _width) is false)
            {
                if (!_moreIndexesByColumn.TryGetValue(column, out var more))
                {
                    _moreIndexesByColumn[column] = more = [];
                }

                more.Add(_width);
            }
        }
    }

    /// <summary>True when a later NDJSON key named a column already placed (see <see cref="NamesGiven"/>).</summary>
    public bool NamesAColumnTwice => _moreIndexesByColumn.Count > 0;

    /// <summary>True when the header has grown since the map last looked.</summary>
    public bool IsBehind => _width < Header.Count;
}
