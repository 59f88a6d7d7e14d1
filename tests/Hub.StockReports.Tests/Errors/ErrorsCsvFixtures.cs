using System.Text;
using Hub.StockReports.Errors;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Tests.Errors;

internal static class ErrorsCsvFixtures
{
    public static async Task<byte[]> WriteAsync(params RowError[] errors)
    {
        using var destination = new MemoryStream();
        await RowErrorsCsv.WriteAsync(Stream(errors), destination, TestContext.Current.CancellationToken);
        return destination.ToArray();
    }

    /// <summary>The file as text, BOM removed, split into CRLF-terminated lines (header first).</summary>
    public static async Task<string> TextAsync(params RowError[] errors)
    {
        var bytes = await WriteAsync(errors);
        return Encoding.UTF8.GetString(bytes.AsSpan(3));
    }

    public static async IAsyncEnumerable<RowError> Stream(IEnumerable<RowError> errors)
    {
        foreach (var error in errors)
        {
            await Task.Yield();
            yield return error;
        }
    }
}
