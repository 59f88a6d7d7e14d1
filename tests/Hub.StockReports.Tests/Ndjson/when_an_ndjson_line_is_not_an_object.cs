using Hub.StockReports.Tests.Csv;

namespace Hub.StockReports.Tests.Ndjson;

public sealed class when_an_ndjson_line_is_not_an_object : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void a_first_line_that_is_not_an_object_is_unreadable_naming_its_line_number()
    {
        _folder.Write("stock.ndjson", "\nsku,on_hand\nA-1,5\n");

        Assert.StartsWith("line 2 is not a JSON object", _folder.Unreadable("stock.ndjson").Message);
    }

    [Fact]
    public void a_first_object_without_properties_is_unreadable()
    {
        _folder.Write("stock.ndjson", "{}\n{\"sku\":\"A-1\"}\n");

        Assert.Contains("no properties", _folder.Unreadable("stock.ndjson").Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\r\n\t\n")]
    public void a_file_with_no_non_blank_line_is_unreadable_as_empty(string text)
    {
        _folder.Write("stock.ndjson", text);

        Assert.Equal("the file is empty", _folder.Unreadable("stock.ndjson").Message);
    }
}
