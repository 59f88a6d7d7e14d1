using System.Text;

namespace Hub.Matchmaking.Outputs;

/// <summary>
/// Writes iCalendar content lines as RFC 5545 wants them: CRLF line ends, lines folded so that no line exceeds 75 octets
/// of UTF-8 (a continuation line starts with a space, which counts), never inside a multi-byte character; and TEXT values
/// escaped (backslash, semicolon, comma, line breaks).
/// </summary>
public sealed class ICalendarWriter
{
    public const int MaxLineOctets = 75;

    private readonly StringBuilder _text = new();

    /// <summary>Writes <c>NAME:value</c> with <paramref name="value"/> as it is (already a valid value: a date, a number, a code).</summary>
    public ICalendarWriter Line(string name, string value) => Fold($"{name}:{value}");

    /// <summary>Writes <c>NAME:value</c> with <paramref name="value"/> escaped as TEXT.</summary>
    public ICalendarWriter Text(string name, string value) => Fold($"{name}:{EscapeText(value)}");

    public override string ToString() => _text.ToString();

    /// <summary>
    /// TEXT escaping: <c>\</c>, <c>;</c> and <c>,</c> get a backslash, a line break (CRLF, LF or CR) becomes <c>\n</c>;
    /// other control characters, which TEXT may not hold, are left out.
    /// </summary>
    public static string EscapeText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case ';': escaped.Append(@"\;"); break;
                case ',': escaped.Append(@"\,"); break;
                case '\r':
                    escaped.Append(@"\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n') i++;
                    break;
                case '\n': escaped.Append(@"\n"); break;
                case '\t': escaped.Append(c); break;
                default:
                    if (!char.IsControl(c)) escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }

    private ICalendarWriter Fold(string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxLineOctets)
            {
                _text.Append("\r\n ");
                octets = 1;
            }
            _text.Append(rune.ToString());
            octets += size;
        }
        _text.Append("\r\n");
        return this;
    }
}
