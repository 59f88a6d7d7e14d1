using Hub.Core.Registry;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Rows;

/// <summary>
/// Maps a report's header row to the canonical columns, with the built-in aliases of <see cref="StockColumns"/>
/// and the operator's own (<see cref="OperatorRegistration.ColumnAliases"/>).
/// </summary>
/// <remarks>
/// The file is rejected, with every problem in one reason, when:
/// <list type="bullet">
/// <item>none of the required columns is found: "no recognisable header" (likely the wrong sheet, or no header row);</item>
/// <item>a required column is missing;</item>
/// <item>two header cells name the same column (which one holds the truth cannot be guessed);</item>
/// </list>
/// A header cell that names no column is ignored, and listed in <see cref="StockHeaderMap.Ignored"/> for the report's status to
/// warn of (a misspelt <c>avaliable</c> is then seen, not dropped silently); it is named in the reason when the header is refused
/// for another cause. Header cells that are empty are ignored without a word: a spacer column with no name carries nothing to place.
/// Operator aliases are keyed by canonical column (in any spelling <see cref="StockColumns.Normalise"/> accepts); a key that is
/// no column is ignored here. An operator alias wins over a built-in alias of another column, never over a canonical name.
/// </remarks>
public static class StockHeaderMapper
{
    private const int MaxListed = 20;

    public static StockHeaderMapping Map(IReadOnlyList<string> header, OperatorRegistration op)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(op);

        var accepted = AcceptedNames(op);
        var columnOf = ColumnOf(op);
        var indexByColumn = new Dictionary<string, int>(StringComparer.Ordinal);
        var unrecognised = new List<(string Name, int Index)>();
        var duplicates = new List<(string Column, int First, int Second)>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }
            if (columnOf(name) is not { } column)
            {
                unrecognised.Add((name, i));
            }
            else if (indexByColumn.TryGetValue(column, out var first))
            {
                duplicates.Add((column, first, i));
            }
            else
            {
                indexByColumn[column] = i;
            }
        }

        var missing = StockColumns.Required.Where(c => !indexByColumn.ContainsKey(c)).ToList();
        if (missing.Count == 0 && duplicates.Count == 0)
        {
            return new StockHeaderMapping.Mapped(new StockHeaderMap(header, indexByColumn, unrecognised, columnOf));
        }

        var acceptedText = "accepted columns (case, spaces, _ and - do not matter): " + string.Join("; ", accepted.Select(a =>
            $"{a.Column}{(StockColumns.IsRequired(a.Column) ? " (required)" : "")}: {string.Join(", ", a.Names)}"));
        string reason;
        if (missing.Count == StockColumns.Required.Count)
        {
            var cells = header.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => $"'{h}'").ToList();
            reason = $"no recognisable header: the first row ({Listed(cells)}) names none of the required columns "
                + $"{string.Join(", ", StockColumns.Required)}; {acceptedText}";
        }
        else
        {
            var problems = new List<string>();
            if (missing.Count > 0)
            {
                problems.Add($"missing required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}");
            }
            foreach (var (column, first, second) in duplicates)
            {
                problems.Add($"'{header[first]}' (column {first + 1}) and '{header[second]}' (column {second + 1}) both name {column}");
            }
            if (unrecognised.Count > 0)
            {
                problems.Add($"unrecognised column{(unrecognised.Count > 1 ? "s" : "")} "
                    + Listed(unrecognised.Select(u => $"'{u.Name}' (column {u.Index + 1})").ToList())
                    + "; if they are stock columns, register them as column aliases of the operator");
            }
            reason = $"the header cannot be used: {string.Join("; ", problems)}; {acceptedText}";
        }

        return new StockHeaderMapping.Rejected(
            reason,
            unrecognised.Select(u => u.Name).ToList(),
            missing,
            duplicates.Select(d => d.Column).Distinct().ToList());
    }

    /// <summary>The warnings a report's status carries for its map: the header columns it ignored (null when none).</summary>
    public static IReadOnlyList<string>? Warnings(StockHeaderMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Ignored.Count == 0)
        {
            return null;
        }

        var names = map.Ignored.Select(i => $"'{TabularLimits.Shortened(i.Name, 60)}' (column {i.Index + 1})").ToList();
        return [$"ignored column{(names.Count > 1 ? "s" : "")} {Listed(names)}: {(names.Count > 1 ? "they name" : "it names")} no stock column; "
            + "if one holds stock figures, register its name as a column alias of the operator and send the report again"];
    }

    /// <summary>How well <paramref name="cells"/> would serve as the header: whether it names all, some or none of the required columns.</summary>
    public static Func<IReadOnlyList<string>, HeaderFit> RateHeader(OperatorRegistration op)
    {
        var columnOf = ColumnOf(op);
        return cells =>
        {
            var named = cells.Select(c => string.IsNullOrWhiteSpace(c) ? null : columnOf(c))
                .Where(c => c is not null && StockColumns.IsRequired(c)).Distinct().Count();
            return named == StockColumns.Required.Count ? HeaderFit.Complete : named > 0 ? HeaderFit.Partial : HeaderFit.None;
        };
    }

    /// <summary>The canonical column a header name stands for, for this operator: a canonical name, else the operator's alias, else a built-in one.</summary>
    private static Func<string, string?> ColumnOf(OperatorRegistration op)
    {
        var columnByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, names) in AcceptedNames(op))
        {
            foreach (var name in names.Skip(1))
            {
                columnByName.TryAdd(StockColumns.Normalise(name), column);
            }
        }
        foreach (var (key, names) in op.ColumnAliases)
        {
            if (StockColumns.Canonical(key) is not { } column)
            {
                continue;
            }
            foreach (var name in names)
            {
                columnByName[StockColumns.Normalise(name)] = column;
            }
        }
        foreach (var column in StockColumns.All)
        {
            columnByName[StockColumns.Normalise(column)] = column;
        }

        return name => columnByName.GetValueOrDefault(StockColumns.Normalise(name));
    }

    /// <summary>Per canonical column, every header name accepted for it: the canonical name, the built-in aliases, the operator's.</summary>
    public static IReadOnlyList<(string Column, IReadOnlyList<string> Names)> AcceptedNames(OperatorRegistration op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var extra = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, names) in op.ColumnAliases)
        {
            if (StockColumns.Canonical(key) is { } column)
            {
                if (!extra.TryGetValue(column, out var list))
                {
                    extra[column] = list = [];
                }
                list.AddRange(names.Where(n => !string.IsNullOrWhiteSpace(n)));
            }
        }

        return StockColumns.All
            .Select(c => (c, (IReadOnlyList<string>)[c, .. StockColumns.BuiltInAliases[c], .. extra.GetValueOrDefault(c) ?? []]))
            .Select(a => (a.c, (IReadOnlyList<string>)a.Item2.DistinctBy(StockColumns.Normalise).ToList()))
            .ToList();
    }

    private static string Listed(IReadOnlyList<string> items) =>
        items.Count <= MaxListed
            ? string.Join(", ", items)
            : $"{string.Join(", ", items.Take(MaxListed))} and {items.Count - MaxListed} more";
}
