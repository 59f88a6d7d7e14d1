using System.Globalization;

namespace Hub.StockReports.Parsing;

/// <summary>Turns the raw text of an XLSX cell value into the text a person would expect, culture-free.</summary>
internal static class XlsxCellText
{
    private static readonly DateOnly Epoch1900 = new(1899, 12, 30);
    private static readonly DateOnly Epoch1904 = new(1904, 1, 1);
    private const long LastSerial1900 = 2_958_465;
    private const long LastSerial1904 = 2_957_003;

    /// <summary>Invariant decimal text, never an exponent where a plain number fits: 120, not 1.2E2.</summary>
    public static string Number(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var magnitude = Math.Abs(value);
        if (text.Contains('E') && magnitude is >= 1e-15 and < 1e28
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
        {
            text = exact.ToString(CultureInfo.InvariantCulture);
        }

        return text;
    }

    /// <summary>
    /// An Excel date serial as <c>yyyy-MM-dd</c>, <c>yyyy-MM-ddTHH:mm:ss</c> when it has a time of day, or
    /// <c>HH:mm:ss</c> for a time with no date; null when the serial is outside Excel's calendar.
    /// In the 1900 system serial 60 is Excel's 1900-02-29, which never existed, and serial 0 has no date.
    /// </summary>
    public static string? Date(double serial, XlsxDateKind kind, bool date1904)
    {
        if (!(serial >= 0))
        {
            return null;
        }

        var days = (long)Math.Floor(serial);
        var seconds = (long)Math.Round((serial - days) * 86_400, MidpointRounding.AwayFromZero);
        if (seconds >= 86_400)
        {
            days++;
            seconds -= 86_400;
        }

        if (days > (date1904 ? LastSerial1904 : LastSerial1900))
        {
            return null;
        }

        var time = string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        if (days == 0 && (kind == XlsxDateKind.TimeOnly || !date1904))
        {
            return time;
        }

        var date = date1904 ? Epoch1904.AddDays((int)days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : days == 60 ? "1900-02-29"
            : (days < 60 ? Epoch1900.AddDays(1) : Epoch1900).AddDays((int)days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        return seconds == 0 ? date : $"{date}T{time}";
    }

    /// <summary>A <c>t="d"</c> cell holds ISO 8601 text already; it is normalised to the same shape as a serial date.</summary>
    public static string IsoDate(string raw)
    {
        if (!DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value))
        {
            return raw;
        }

        return value.TimeOfDay == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
