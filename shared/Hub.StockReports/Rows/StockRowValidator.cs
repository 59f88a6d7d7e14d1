using System.Globalization;
using Hub.Core.Registry;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Rows;

/// <summary>
/// Turns one data row into a <see cref="StockLine"/>, or reports every bad cell of it.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Text is trimmed; a cell that is empty after trimming is absent. <c>warehouse_code</c>, <c>sku</c> and <c>on_hand</c> must be present.</item>
/// <item>Quantities are whole numbers from 0 to <see cref="MaxQuantity"/> written as plain digits, or with a decimal point and zeros
/// only (<c>12.0</c> is 12, as an XLSX cell holding 12 reads): <c>1,234</c>, <c>12,0</c>, <c>1e3</c> and <c>+5</c> are refused
/// rather than guessed at, since <c>1,234</c> reads as 1.234 in much of Europe; <c>12,0</c> is named a decimal comma.</item>
/// <item>A cell longer than <see cref="TabularLimits.MaxCellLength"/> characters (cut short by the reader) is an error of its column,
/// quoting its start; so is a row the reader could not split into cells (<see cref="TabularRow.Problem"/>). Only the columns read
/// count: a long cell in an ignored column changes nothing.</item>
/// <item><c>available</c> + <c>reserved</c> + <c>unsellable</c> (those given) may not exceed <c>on_hand</c>; <c>inbound</c> is not on hand.</item>
/// <item>The warehouse must be one of the operator's, compared ignoring case; the line carries the registry's spelling.</item>
/// <item><c>expiry</c> and <c>as_of</c> accept <c>yyyy-MM-dd</c>, <c>yyyy/MM/dd</c> and ISO date-times (<c>T</c> or a space,
/// optional seconds and fraction, optional <c>Z</c> or offset). <c>expiry</c> keeps the date as written;
/// <c>as_of</c> without an offset is taken as UTC, as is a bare date (midnight UTC): a report names no time zone, and
/// guessing the warehouse's would make the same file mean different things on different hosts.</item>
/// <item>Values that look like spreadsheet formulas are accepted as text; they are neutralised only where they are written back into a CSV.</item>
/// </list>
/// </remarks>
public sealed class StockRowValidator
{
    public const long MaxQuantity = 1_000_000_000_000;

    /// <summary>The column named by the error of a row the reader could not split into cells before reaching any.</summary>
    public const string UnreadableLine = "(line)";

    private static readonly string[] DateFormats = BuildDateFormats();

    private readonly StockHeaderMap _map;
    private readonly OperatorRegistration _op;
    private readonly Dictionary<string, string> _warehouses;
    private string[] _columns;

    public StockRowValidator(StockHeaderMap map, OperatorRegistration op)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(op);
        _map = map;
        _op = op;
        _columns = [.. map.Columns.Keys];
        _warehouses = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in op.Warehouses)
        {
            _warehouses.TryAdd(code, code);
        }
    }

    public StockRowResult Validate(TabularRow row)
    {
        var errors = new List<RowError>();
        var cells = row.Cells ?? [];
        if (_map.IsBehind)
        {
            _map.Extend();
            _columns = [.. _map.Columns.Keys];
        }

        if (row.Problem is { } problem)
        {
            var column = problem.Column is null ? UnreadableLine : IndexOf(problem.Column) is var at and >= 0 ? _map.ColumnAt(at) : problem.Column;
            return new StockRowResult.Invalid([new RowError(row.RowNumber, column, TabularLimits.Shortened(problem.Value), problem.Message)]);
        }

        foreach (var column in _columns)
        {
            if (_map.CellOf(cells, column) is { Length: > TabularLimits.MaxCellLength } tooLong)
            {
                errors.Add(new RowError(row.RowNumber, column, TabularLimits.Shortened(tooLong),
                    $"is longer than {TabularLimits.MaxCellLength:N0} characters, the most a spreadsheet cell holds"));
            }
            else if (_map.NamesAColumnTwice && _map.NamesGiven(cells, column) is { Count: > 1 } names)
            {
                errors.Add(new RowError(row.RowNumber, column, _map.CellOf(cells, column),
                    $"is given {names.Count} times in this row, as {string.Join(" and ", names.Select(n => $"'{n}'"))}; give it once"));
            }
        }

        if (errors.Count > 0)
        {
            return new StockRowResult.Invalid(errors);
        }

        string? Text(string column) => _map.CellOf(cells, column) is { } raw && raw.Trim() is { Length: > 0 } text ? text : null;

        void Fail(string column, string message) => errors.Add(new RowError(row.RowNumber, column, _map.CellOf(cells, column), message));

        string? Required(string column)
        {
            var text = Text(column);
            if (text is null)
            {
                Fail(column, "is required");
            }
            return text;
        }

        long? Quantity(string column)
        {
            var text = Text(column);
            if (text is null)
            {
                return null;
            }
            var (value, message) = ParseQuantity(text);
            if (message is not null)
            {
                Fail(column, message);
            }
            return value;
        }

        DateTimeOffset? Date(string column, string expected)
        {
            var text = Text(column);
            if (text is null)
            {
                return null;
            }
            if (TryParseDate(text, out var value))
            {
                return value;
            }
            Fail(column, $"must be {expected}");
            return null;
        }

        var warehouseText = Required(StockColumns.WarehouseCode);
        string? warehouse = null;
        if (warehouseText is not null && !_warehouses.TryGetValue(warehouseText, out warehouse))
        {
            Fail(StockColumns.WarehouseCode, _op.Warehouses.Count == 0
                ? $"operator '{_op.Id}' has no warehouses registered"
                : $"is not a warehouse of operator '{_op.Id}', whose warehouses are {string.Join(", ", _op.Warehouses)}");
        }

        var sku = Required(StockColumns.Sku);
        var onHandText = Text(StockColumns.OnHand);
        var onHand = Quantity(StockColumns.OnHand);
        if (onHandText is null)
        {
            Fail(StockColumns.OnHand, "is required");
        }

        var available = Quantity(StockColumns.Available);
        var reserved = Quantity(StockColumns.Reserved);
        var unsellable = Quantity(StockColumns.Unsellable);
        var inbound = Quantity(StockColumns.Inbound);
        var expiry = Date(StockColumns.Expiry, "a date such as 2025-12-31 or 2025/12/31");
        var asOf = Date(StockColumns.AsOf, "a date such as 2025-06-30 or a date-time such as 2025-06-30T18:00:00+08:00");

        var accounted = (available ?? 0) + (reserved ?? 0) + (unsellable ?? 0);
        if (onHand is { } total && accounted > total
            && QuantityOk(StockColumns.Available) && QuantityOk(StockColumns.Reserved) && QuantityOk(StockColumns.Unsellable))
        {
            Fail(StockColumns.Available,
                $"available ({Shown(available)}) + reserved ({Shown(reserved)}) + unsellable ({Shown(unsellable)}) = {accounted} "
                + $"exceeds on_hand ({total})");
        }

        if (errors.Count > 0)
        {
            return new StockRowResult.Invalid(errors);
        }

        return new StockRowResult.Valid(new StockLine(
            row.RowNumber,
            warehouse!,
            sku!,
            onHand!.Value,
            available,
            reserved,
            unsellable,
            inbound,
            Text(StockColumns.Lot),
            expiry is { } e ? DateOnly.FromDateTime(e.DateTime) : null,
            Text(StockColumns.Description),
            Text(StockColumns.Unit),
            asOf));

        bool QuantityOk(string column) => !errors.Any(e => e.Column == column);
    }

    /// <summary>The quantity the text holds, or what is wrong with it.</summary>
    private static (long? Value, string? Message) ParseQuantity(string text)
    {
        var whole = text.AsSpan();
        if (whole.IndexOf('.') is var point and > 0 && !whole[(point + 1)..].ContainsAnyExcept('0'))
        {
            whole = whole[..point];
        }

        if (!whole.ContainsAnyExceptInRange('0', '9'))
        {
            return long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxQuantity
                ? (value, null)
                : (null, $"must be at most {MaxQuantity}");
        }

        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            return (null, "must be 0 or more");
        }

        var comma = digits.IndexOf(',');
        if (comma > 0 && comma == digits.LastIndexOf(',') && digits.Length - comma - 1 is 1 or 2
            && digits.Where(c => c != ',').All(char.IsAsciiDigit))
        {
            return (null, "has a decimal comma: write a whole number with digits only (12, not 12,0)");
        }

        var withoutSeparators = digits.Where(c => c is not (',' or '\'' or '_' or ' ' or '\u00a0' or '\u202f')).ToArray();
        if (withoutSeparators.Length > 0 && withoutSeparators.Length < digits.Length && withoutSeparators.All(char.IsAsciiDigit))
        {
            return (null, "must be a whole number without separators: write 1234, not 1,234");
        }

        return (null, negative && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "must be a whole number, 0 or more"
            : "must be a whole number");
    }

    private int IndexOf(string headerName)
    {
        for (var i = 0; i < _map.Header.Count; i++)
        {
            if (_map.Header[i] == headerName)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The two shapes nearly every report uses (a date, an ISO date-time with Z or an offset) go straight to one
    /// format each; only the rest try the whole list, which costs a failed attempt per format before the match.
    /// </summary>
    private static bool TryParseDate(string text, out DateTimeOffset value)
    {
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal;
        var format = text.Length switch
        {
            10 when text[4] == '-' => "yyyy-MM-dd",
            20 when text[10] == 'T' && text[19] == 'Z' => "yyyy-MM-dd'T'HH:mm:ss'Z'",
            25 when text[10] == 'T' && text[19] is '+' or '-' => "yyyy-MM-dd'T'HH:mm:sszzz",
            _ => null,
        };
        if (format is not null && DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, styles, out value)) return true;
        return DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, styles, out value);
    }

    private static string Shown(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "empty";

    private static string[] BuildDateFormats()
    {
        var formats = new List<string> { "yyyy-MM-dd", "yyyy/MM/dd" };
        foreach (var date in new[] { "yyyy-MM-dd", "yyyy/MM/dd" })
        {
            foreach (var separator in new[] { "'T'", " " })
            {
                foreach (var time in new[] { "HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF" })
                {
                    formats.Add($"{date}{separator}{time}");
                    formats.Add($"{date}{separator}{time}zzz");
                    formats.Add($"{date}{separator}{time}'Z'");
                }
            }
        }

        return [.. formats];
    }
}
