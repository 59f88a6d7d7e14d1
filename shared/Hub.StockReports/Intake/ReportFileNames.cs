using Hub.StockReports.Parsing;

namespace Hub.StockReports.Intake;

/// <summary>What a report's file name may be: one plain name that stays inside its operator's folder.</summary>
public static class ReportFileNames
{
    public const int MaxLength = 200;

    /// <summary>Null when <paramref name="fileName"/> is acceptable; otherwise why not (answer 400).</summary>
    public static string? Problem(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return "The file name is empty.";
        if (fileName.Length > MaxLength) return $"The file name is longer than {MaxLength} characters.";
        if (fileName.Any(char.IsControl)) return "The file name contains control characters.";
        if (fileName.IndexOfAny(['/', '\\']) >= 0) return $"The file name '{fileName}' contains a path separator; send a plain file name.";
        // ASP.NET Core leaves an encoded slash encoded in a route value, so it arrives here as text.
        if (fileName.Contains("%2F", StringComparison.OrdinalIgnoreCase))
            return $"The file name '{fileName}' contains an encoded path separator (%2F); send a plain file name.";
        if (fileName.Contains(':')) return $"The file name '{fileName}' contains ':', which would name a drive or a stream.";
        if (fileName is "." or ".." || fileName.Contains("..", StringComparison.Ordinal))
            return $"The file name '{fileName}' contains '..'.";
        if (fileName != fileName.Trim() || fileName.EndsWith('.'))
            return $"The file name '{fileName}' starts or ends with a space or ends with a dot.";
        return null;
    }

    /// <summary>Null when the extension names a format the hub reads; otherwise why not (answer 415).</summary>
    public static string? FormatProblem(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return TabularReaders.AcceptedExtensions.Contains(extension)
            ? null
            : $"'{fileName}' is not a format the hub reads; name the file with one of {string.Join(", ", TabularReaders.AcceptedExtensions)}.";
    }
}
