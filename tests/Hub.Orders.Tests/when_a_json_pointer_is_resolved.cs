using System.Text.Json;
using Hub.Orders.Mapping;

namespace Hub.Orders.Tests;

public sealed class when_a_json_pointer_is_resolved
{
    private static readonly JsonElement Document = JsonDocument.Parse("""
        {
          "a/b": 1,
          "m~n": 2,
          "~1": 3,
          "": 4,
          " ": 5,
          "goods": [10, 20, { "sku": "X-30" }],
          "customer": { "address": { "country_code": "JP" } }
        }
        """).RootElement.Clone();

    [Theory]
    [InlineData("/a~1b", "1")]
    [InlineData("/m~0n", "2")]
    [InlineData("/~01", "3")]
    [InlineData("/", "4")]
    [InlineData("/ ", "5")]
    [InlineData("/goods/0", "10")]
    [InlineData("/goods/1", "20")]
    [InlineData("/goods/2/sku", "\"X-30\"")]
    [InlineData("/customer/address/country_code", "\"JP\"")]
    public void it_finds_the_value(string pointer, string json)
    {
        Assert.True(JsonPointer.TryResolve(Document, pointer, out var value));
        Assert.Equal(json, value.GetRawText());
    }

    [Fact]
    public void the_empty_pointer_is_the_whole_document()
    {
        Assert.True(JsonPointer.TryResolve(Document, "", out var value));
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        Assert.True(value.TryGetProperty("goods", out _));
    }

    [Theory]
    [InlineData("/missing")]
    [InlineData("/a/b")]
    [InlineData("/goods/3")]
    [InlineData("/goods/-")]
    [InlineData("/goods/-1")]
    [InlineData("/goods/01")]
    [InlineData("/goods/+1")]
    [InlineData("/goods/ 1")]
    [InlineData("/goods/sku")]
    [InlineData("/goods/0/sku")]
    [InlineData("/customer/address/country_code/0")]
    [InlineData("goods")]
    public void it_finds_nothing_where_there_is_nothing(string pointer)
    {
        Assert.False(JsonPointer.TryResolve(Document, pointer, out _));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("/goods", true)]
    [InlineData("goods", false)]
    [InlineData("#/goods", false)]
    public void a_pointer_is_valid_when_empty_or_starting_with_a_slash(string pointer, bool valid)
    {
        Assert.Equal(valid, JsonPointer.IsValid(pointer));
    }
}
