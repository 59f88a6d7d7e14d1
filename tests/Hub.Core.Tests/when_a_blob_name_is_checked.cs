using Hub.Core.Storage;

namespace Hub.Core.Tests;

public sealed class when_a_blob_name_is_checked
{
    [Theory]
    [InlineData("op-1/report.csv")]
    [InlineData("op-1/2026/11/报表.xlsx")]
    public void relative_paths_pass(string name) => BlobNames.Validate(name);

    [Theory]
    [InlineData("")]
    [InlineData("../secrets")]
    [InlineData("op-1/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("op-1//x")]
    [InlineData("op-1\\x")]
    [InlineData("op-1/./x")]
    [InlineData("op-1/x\u0000")]
    [InlineData("op-1/x\ny")]
    public void anything_that_could_climb_out_is_refused(string name) => Assert.Throws<ArgumentException>(() => BlobNames.Validate(name));
}
