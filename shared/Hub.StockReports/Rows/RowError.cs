namespace Hub.StockReports.Rows;

/// <summary>Why one cell of a report row was not accepted; a row with any error is rejected whole.</summary>
/// <param name="Row">The row number as <see cref="Parsing.TabularRow.RowNumber"/> gives it.</param>
/// <param name="Column">The canonical column (<c>on_hand</c>), whatever the file's header calls it, so errors read the same for every operator.</param>
/// <param name="Value">The cell as the file has it; not neutralised here (a value such as <c>=HYPERLINK(...)</c> is escaped when errors.csv is written).</param>
public sealed record RowError(long Row, string Column, string? Value, string Message);
