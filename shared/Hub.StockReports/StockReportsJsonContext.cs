using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.StockReports.Http;

namespace Hub.StockReports;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StockReportUploadEndpoint.UploadAnswer))]
internal sealed partial class StockReportsJsonContext : JsonSerializerContext;
