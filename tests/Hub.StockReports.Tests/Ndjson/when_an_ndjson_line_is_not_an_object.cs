using Hub.StockReports.Tests.Csv;

namespace Hub.StockReports.Tests.Ndjson;

public sealed class when_an_ndjson_line_is_not_an_object : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("[1, 2]", "line 4 is not a JSON object but an array")]
    [InlineData("42", "line 4 is not a JSON object but a number")]
    [InlineData("\"A-3\"", "line 4 is not a JSON object but a string")]
    [InlineData("{\"sku\":\"A-3\",", "line 4 is not a JSON object: ")]
    [InlineData("sku,on_hand", "line 4 is not a JSON object: ")]
    public void a_later_line_is_unreadable_naming_its_line_number(string badLine, string reason)
    {
        _folder.Write("stock.ndjson", "{\"sku\":\"A-1\"}\n{\"sku\":\"A-2\"}\n\n" + badLine + "\n{\"sku\":\"A-4\"}\n");

        Assert.StartsWith(reason, _folder.Unreadable("stock.ndjson").Message);
    }

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

    [Fact]
    public void a_line_over_the_length_limit_is_unreadable_naming_it()
    {
        _folder.Write("stock.ndjson", "{\"sku\":\"A-1\"}\n{\"sku\":\"" + new string('x', Parsing.NdjsonTabularReader.MaxLineLength) + "\"}\n");

        Assert.Equal($"line 2 is longer than {Parsing.NdjsonTabularReader.MaxLineLength} characters", _folder.Unreadable("stock.ndjson").Message);
    }
}
