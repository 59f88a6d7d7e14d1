using System.IO.Compression;
using System.Text;
using Hub.StockReports.Tests.Csv;

namespace Hub.StockReports.Tests.Xlsx;

/// <summary>
/// A minimal XLSX package written part by part into a temp file, its sheet (and shared strings) streamed from text pieces,
/// so that a part inflating to tens of megabytes is never held by the test.
/// </summary>
internal static class StreamedWorkbook
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static FileStream Write(IEnumerable<Stream> sheetXml, IEnumerable<Stream>? sharedStringsXml = null, Stream? stylesXml = null)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"hub-streamed-{Guid.NewGuid():N}.xlsx"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", Text(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                + "</Types>"));
            Part(zip, "_rels/.rels", Text(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Part(zip, "xl/workbook.xml", Text(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                + "<sheets><sheet name=\"Stock\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part(zip, "xl/_rels/workbook.xml.rels", Text(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + (sharedStringsXml is null ? "" : "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")
                + (stylesXml is null ? "" : "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>")
                + "</Relationships>"));
            Part(zip, "xl/worksheets/sheet1.xml", [Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData>"), .. sheetXml, Text("</sheetData></worksheet>")]);
            if (sharedStringsXml is not null)
            {
                Part(zip, "xl/sharedStrings.xml", [Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Main}\">"), .. sharedStringsXml, Text("</sst>")]);
            }
            if (stylesXml is not null)
            {
                Part(zip, "xl/styles.xml", stylesXml);
            }
        }
        file.Position = 0;
        return file;
    }

    public static Stream Text(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    /// <summary>Markup, then <paramref name="count"/> times 'x', then more markup: a huge text node made up as it is written.</summary>
    public static Stream Huge(string before, long count, string after) => new RepeatingStream(before, (byte)'x', count, after);

    private static void Part(ZipArchive zip, string name, params IEnumerable<Stream> pieces)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        foreach (var piece in pieces)
        {
            using (piece)
            {
                piece.CopyTo(entry);
            }
        }
    }
}
