namespace Hub.StockReports.Parsing;

internal enum XlsxDateKind
{
    None,
    Date,
    TimeOnly,
}

/// <summary>Decides from a cell's number format whether its number is an Excel date serial.</summary>
internal static class XlsxNumberFormats
{
    public static XlsxDateKind OfBuiltIn(uint numberFormatId) => numberFormatId switch
    {
        >= 14 and <= 17 or 22 => XlsxDateKind.Date,
        >= 18 and <= 21 or >= 45 and <= 47 => XlsxDateKind.TimeOnly,
        // Reserved for East Asian locales (zh-CN, zh-TW, ja-JP, ko-KR), where Excel writes them without a numFmt.
        32 or 33 => XlsxDateKind.TimeOnly,
        >= 27 and <= 36 or >= 50 and <= 58 => XlsxDateKind.Date,
        _ => XlsxDateKind.None,
    };

    /// <summary>
    /// A custom format is a date when it has d, m, y, h or s tokens outside quoted text, escapes and
    /// bracketed sections ([Red], [$-409], [&gt;100]); [h], [mm], [ss] are elapsed time.
    /// An m next to h or s means minutes, otherwise months.
    /// </summary>
    public static XlsxDateKind OfCustom(string formatCode)
    {
        var tokens = new List<char>();
        for (var i = 0; i < formatCode.Length; i++)
        {
            var c = formatCode[i];
            switch (c)
            {
                case '"':
                    var close = formatCode.IndexOf('"', i + 1);
                    i = close < 0 ? formatCode.Length : close;
                    continue;
                case '\\' or '_' or '*':
                    i++;
                    continue;
                case '[':
                    var end = formatCode.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        end = formatCode.Length;
                    }

                    var inner = formatCode.AsSpan(i + 1, end - i - 1);
                    if (!inner.IsEmpty && !inner.ContainsAnyExcept("hHmMsS"))
                    {
                        tokens.Add('h');
                    }

                    i = end;
                    continue;
            }

            if (formatCode.AsSpan(i).StartsWith("AM/PM", StringComparison.OrdinalIgnoreCase))
            {
                tokens.Add('h');
                i += 4;
                continue;
            }

            if (formatCode.AsSpan(i).StartsWith("A/P", StringComparison.OrdinalIgnoreCase))
            {
                tokens.Add('h');
                i += 2;
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is 'd' or 'm' or 'y' or 'h' or 's')
            {
                tokens.Add(lower);
            }
        }

        bool hasDate = false, hasTime = false;
        for (var k = 0; k < tokens.Count; k++)
        {
            switch (tokens[k])
            {
                case 'd' or 'y':
                    hasDate = true;
                    break;
                case 'h' or 's':
                    hasTime = true;
                    break;
                case 'm' when Neighbour(tokens, k, -1) == 'h' || Neighbour(tokens, k, +1) == 's':
                    hasTime = true;
                    break;
                case 'm':
                    hasDate = true;
                    break;
            }
        }

        return hasDate ? XlsxDateKind.Date : hasTime ? XlsxDateKind.TimeOnly : XlsxDateKind.None;
    }

    private static char Neighbour(List<char> tokens, int index, int step)
    {
        for (var k = index + step; k >= 0 && k < tokens.Count; k += step)
        {
            if (tokens[k] != 'm')
            {
                return tokens[k];
            }
        }

        return '\0';
    }
}
