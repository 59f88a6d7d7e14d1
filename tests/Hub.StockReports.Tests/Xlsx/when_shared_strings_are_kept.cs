using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Xlsx;

public sealed class when_shared_strings_are_kept
{
    [Fact]
    public void every_string_comes_back_as_added_across_blocks_including_empty_and_longer_than_a_block()
    {
        var table = new XlsxSharedStrings();
        var added = new List<string> { "", "SKU-1", "离心水泵", new('x', 600_000), "after the long one" };
        for (var i = 0; i < 120_000; i++) added.Add($"SKU-{i:D7}");
        foreach (var text in added) table.Add(text);

        Assert.Equal(added.Count, table.Count);
        for (var i = 0; i < added.Count; i++) Assert.Equal(added[i], table[i]);
        Assert.Throws<ArgumentOutOfRangeException>(() => table[added.Count]);
    }
}
