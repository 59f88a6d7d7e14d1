using System.Text;
using Hub.StockReports.Parsing;
using Hub.StockReports.Processing;
using Hub.StockReports.Rows;
using Hub.StockReports.Tests.Xlsx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Tests.Processing;

public sealed class when_work_files_are_written
{
    [Fact]
    public async Task a_runs_work_files_are_in_the_configured_folder_while_it_runs_and_gone_after()
    {
        await using var harness = new StockReportHarness();
        string[] during = [];
        harness.Bus.BeforePublish = () =>
        {
            during = Directory.GetFiles(harness.WorkPath);
            return Task.CompletedTask;
        };

        await harness.RunAsync("work.csv", Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,A,1\nW1,A,1\n"));

        Assert.Equal(harness.WorkPath, harness.WorkFolder.Path);
        Assert.Single(during, f => f.EndsWith(".errors.csv", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(harness.WorkPath));
    }

    [Fact]
    public async Task what_an_earlier_process_left_is_cleared_when_the_host_starts_and_nothing_else()
    {
        await using var harness = new StockReportHarness();
        Directory.CreateDirectory(harness.WorkPath);
        var notOurs = Path.Combine(harness.WorkPath, "notes.txt");
        await File.WriteAllTextAsync(notOurs, "someone else's", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(harness.WorkPath, "0123abcd-4567.errors.csv"), "left by a killed run", TestContext.Current.CancellationToken);
        // Work files as the hub names them, open as a killed process would have left them.
        using var spill = new StockLineSpill(harness.WorkPath);
        spill.Write(new StockLine(2, "W1", "A", 1));
        var book = new TestWorkbook().Sheet("Stock", TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku")));
        using var xlsx = XlsxTabularReader.Open(new ForwardOnlyXlsxStream(book.ToBytes()), new TabularReaderOptions { WorkPath = harness.WorkPath });
        Assert.Equal(4, Directory.GetFiles(harness.WorkPath).Length);

        await harness.WorkFolder.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal([notOurs], Directory.GetFiles(harness.WorkPath));
    }

    [Fact]
    public void without_a_configured_folder_work_files_go_to_one_folder_of_the_hub_in_the_temp_folder()
    {
        var folder = new StockReportWorkFolder(Options.Create(new StockReportOptions()), NullLogger<StockReportWorkFolder>.Instance);

        Assert.Equal(Path.Combine(Path.GetTempPath(), "hub-stock-reports"), folder.Path);
    }

    [Fact]
    public void an_xlsx_that_cannot_seek_is_spooled_into_the_work_folder_and_the_copy_goes_when_read()
    {
        var work = Path.Combine(Path.GetTempPath(), $"hub-work-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var book = new TestWorkbook().Sheet("Stock", TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku")), TestWorkbook.Row(2, TestWorkbook.Inline("A2", "SKU-1")));
            using (var reader = XlsxTabularReader.Open(new ForwardOnlyXlsxStream(book.ToBytes()), new TabularReaderOptions { WorkPath = work }))
            {
                Assert.Single(Directory.GetFiles(work, "hub-xlsx-*.tmp"));
                Assert.Equal(["SKU-1"], Assert.Single(TestWorkbook.ReadAll(reader)).Cells);
            }

            Assert.Empty(Directory.GetFiles(work));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
