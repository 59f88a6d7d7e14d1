using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>An operator's side of the stock report routes, over real HTTP.</summary>
public sealed class StockReportClient(HttpClient http)
{
    public const string UkOperator = "uk-fulfil";
    public const string UkKey = "sample-uk-fulfil-key";
    public const string ZjOperator = "zj-haiwaicang";
    public const string ZjKey = "sample-zj-haiwaicang-key";
    public const string AdminKey = "sample-admin-key";
    public const string ReaderKey = "sample-reader-key";

    public static string SeedFile(string operatorId, string fileName) => Path.Combine(RepositoryPaths.Seeds, "stock-reports", operatorId, fileName);

    public static byte[] SeedBytes(string operatorId, string fileName) => File.ReadAllBytes(SeedFile(operatorId, fileName));

    public static byte[] Utf8Csv(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    public Task<HttpResponseMessage> UploadAsync(string operatorId, string fileName, byte[] content, string key = UkKey) =>
        SendAsync(HttpMethod.Put, $"/api/warehouses/{operatorId}/stock-reports/{fileName}", key, new ByteArrayContent(content));

    public async Task<HttpResponseMessage> UploadFileAsync(string operatorId, string path, string? fileName = null, string key = UkKey)
    {
        var content = new StreamContent(File.OpenRead(path));
        return await SendAsync(HttpMethod.Put, $"/api/warehouses/{operatorId}/stock-reports/{Uri.EscapeDataString(fileName ?? Path.GetFileName(path))}", key, content);
    }

    /// <summary>Uploads and waits for the report to settle; the settled status.</summary>
    public async Task<JsonElement> UploadAndSettleAsync(string operatorId, string fileName, byte[] content, string key = UkKey)
    {
        using var response = await UploadAsync(operatorId, fileName, content, key);
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await SettleAsync(await StatusUrlAsync(response), key);
    }

    public static async Task<string> StatusUrlAsync(HttpResponseMessage response)
    {
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("statusUrl").GetString()!;
    }

    public async Task<JsonElement> StatusAsync(string statusUrl, string key = UkKey)
    {
        using var response = await SendAsync(HttpMethod.Get, statusUrl, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    public async Task<JsonElement> SettleAsync(string statusUrl, string key = UkKey, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await StatusAsync(statusUrl, key);
            if (status.GetProperty("status").GetString() is not ("received" or "processing")) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Report still {status.GetProperty("status")} after the timeout: {status}");
            await Task.Delay(50);
        }
    }

    /// <summary>The stock of a SKU per warehouse, or null when none is known (404).</summary>
    public async Task<Dictionary<string, JsonElement>?> StockAsync(string sku, string key = AdminKey)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/stock/{Uri.EscapeDataString(sku)}", key);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("levels").EnumerateArray().ToDictionary(l => l.GetProperty("warehouse").GetString()!, l => l.Clone());
    }

    /// <summary>
    /// The SKU's level in the warehouse once the projection has applied the report (a settled report is published; the
    /// read store catches up a moment later).
    /// </summary>
    public Task<JsonElement> WaitForStockAsync(string sku, string warehouse, JsonElement report, string key = AdminKey)
    {
        var reportId = report.GetProperty("reportId").GetString();
        return WaitForStockAsync(sku, warehouse, level => level.GetProperty("reportId").GetString() == reportId, $"report {reportId}", key);
    }

    /// <summary>The SKU's level in the warehouse once there is one, from whichever report (another test's may be newer).</summary>
    public Task<JsonElement> WaitForAnyStockAsync(string sku, string warehouse, string key = AdminKey) =>
        WaitForStockAsync(sku, warehouse, _ => true, "any report", key);

    private async Task<JsonElement> WaitForStockAsync(string sku, string warehouse, Func<JsonElement, bool> done, string what, string key)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (await StockAsync(sku, key) is { } levels && levels.TryGetValue(warehouse, out var level) && done(level))
                return level;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{sku} in {warehouse} never showed {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Every stock level of a warehouse, page by page.</summary>
    public async Task<List<JsonElement>> WarehouseStockAsync(string warehouse, int pageSize = 1000, string key = AdminKey)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var url = $"/api/warehouses/{warehouse}/stock?pageSize={pageSize}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            using var response = await SendAsync(HttpMethod.Get, url, key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            all.AddRange(doc.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            token = doc.RootElement.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return all;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request);
    }
}
