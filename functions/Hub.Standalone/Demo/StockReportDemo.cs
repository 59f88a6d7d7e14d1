using System.Net.Http.Headers;
using System.Text.Json;

namespace Hub.Standalone.Demo;

/// <summary>
/// The stock half of <c>--demo</c>: uploads every file in <c>seeds/stock-reports/{operatorId}/</c> over HTTP, in file-name
/// order, waits for each report to settle and prints its outcome, then shows the resulting stock levels.
/// </summary>
/// <param name="freshData">False when an earlier run may have uploaded the same files: they answer as duplicates then.</param>
internal sealed class StockReportDemo(HttpClient http, TextWriter output, string adminKey, bool freshData)
{
    private int _alreadyThere;

    /// <returns>How many files an earlier run on the same data folder had uploaded already.</returns>
    public async Task<int> RunAsync(string folder, CancellationToken ct)
    {
        if (!Directory.Exists(folder)) return 0;
        await output.WriteLineAsync($"\n== Demo: uploading the stock reports in {folder} ==").ConfigureAwait(false);
        var skus = new SortedSet<string>(StringComparer.Ordinal);
        string? firstUpload = null;
        foreach (var operatorFolder in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var operatorId = Path.GetFileName(operatorFolder);
            foreach (var file in Directory.EnumerateFiles(operatorFolder).Order(StringComparer.Ordinal))
            {
                firstUpload ??= file;
                await UploadAndReportAsync(operatorId, file, Path.GetFileName(file), skus, again: false, ct).ConfigureAwait(false);
            }
        }

        if (firstUpload is not null)
        {
            await output.WriteLineAsync("\n-- The first file again, under another name: the same bytes are one report --").ConfigureAwait(false);
            await UploadAndReportAsync(Path.GetFileName(Path.GetDirectoryName(firstUpload)!), firstUpload, "renamed-" + Path.GetFileName(firstUpload), skus, again: true, ct).ConfigureAwait(false);
            await output.WriteLineAsync("\n-- A file name that climbs out of its folder --").ConfigureAwait(false);
            using var bad = await SendAsync(HttpMethod.Put, $"/api/warehouses/{Path.GetFileName(Path.GetDirectoryName(firstUpload)!)}/stock-reports/..%2F..%2Fhub.db", new ByteArrayContent([1]), ct).ConfigureAwait(false);
            await output.WriteLineAsync($"PUT .../stock-reports/..%2F..%2Fhub.db -> {(int)bad.StatusCode} {Detail(await bad.Content.ReadAsStringAsync(ct).ConfigureAwait(false))}").ConfigureAwait(false);
        }

        await output.WriteLineAsync("\n== Stock levels in the read store ==").ConfigureAwait(false);
        foreach (var sku in skus)
        {
            using var response = await SendAsync(HttpMethod.Get, $"/api/stock/{Uri.EscapeDataString(sku)}", null, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) continue;
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            foreach (var level in doc.RootElement.GetProperty("levels").EnumerateArray())
            {
                var lots = level.TryGetProperty("lots", out var l) ? $", {l.GetArrayLength()} lot(s)" : "";
                await output.WriteLineAsync($"{sku,-16} {level.GetProperty("warehouse").GetString(),-10} on hand {level.GetProperty("onHand"),6}, available {(level.TryGetProperty("available", out var a) ? a.ToString() : "-"),6}" +
                    $"{lots}, as of {level.GetProperty("asOf").GetString()}, report {level.GetProperty("reportId").GetString()![..8]}").ConfigureAwait(false);
            }
        }
        return _alreadyThere;
    }

    /// <param name="again">The file is sent a second time on purpose, to show that the same bytes are one report.</param>
    private async Task UploadAndReportAsync(string operatorId, string path, string fileName, ISet<string> skus, bool again, CancellationToken ct)
    {
        await using var content = File.OpenRead(path);
        using var response = await SendAsync(HttpMethod.Put, $"/api/warehouses/{operatorId}/stock-reports/{Uri.EscapeDataString(fileName)}", new StreamContent(content), ct).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await output.WriteLineAsync($"{operatorId}/{fileName}: {(int)response.StatusCode} {Detail(answer)}").ConfigureAwait(false);
            return;
        }

        using var accepted = JsonDocument.Parse(answer);
        var statusUrl = accepted.RootElement.GetProperty("statusUrl").GetString()!;
        var duplicate = accepted.RootElement.GetProperty("duplicate").GetBoolean();
        JsonElement status;
        while (true)
        {
            using var poll = await SendAsync(HttpMethod.Get, statusUrl, null, ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(await poll.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            status = doc.RootElement.Clone();
            if (status.GetProperty("status").GetString() is not ("received" or "processing")) break;
            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        var delivered = duplicate && !again && !freshData;
        if (delivered) _alreadyThere++;
        var what = !duplicate ? "report" : delivered ? "already there (an earlier run on this data folder uploaded it), report" : "duplicate of";
        await output.WriteLineAsync($"{operatorId}/{fileName}: {(int)response.StatusCode} {what} {status.GetProperty("reportId").GetString()![..8]} " +
            $"-> {status.GetProperty("status").GetString()}: {Count(status, "rowsAccepted")} of {Count(status, "rowsTotal")} rows accepted, " +
            $"{Count(status, "stockLevels")} stock levels, {Count(status, "lowStockAlerts")} low-stock alert(s)").ConfigureAwait(false);
        if (again) return;
        if (status.TryGetProperty("reason", out var reason)) await output.WriteLineAsync($"    reason: {reason.GetString()}").ConfigureAwait(false);
        if (status.TryGetProperty("errors", out var errors))
            foreach (var error in errors.EnumerateArray())
                await output.WriteLineAsync($"    row {error.GetProperty("row")}, {error.GetProperty("column").GetString()} '{(error.TryGetProperty("value", out var v) ? v.GetString() : "")}': {error.GetProperty("message").GetString()}").ConfigureAwait(false);

        // The SKUs to show at the end: read from the warehouse listings of this operator's report, once the read store holds the
        // report's stock levels. A completed report has published them; the projection may still be writing the last ones, and
        // a listing read a moment too early would leave SKUs out of the account (a run under load printed fewer than another).
        var warehouses = status.TryGetProperty("warehouses", out var w) ? w.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        var reportId = status.GetProperty("reportId").GetString()!;
        var expected = status.TryGetProperty("stockLevels", out var levels) && levels.ValueKind == JsonValueKind.Number ? levels.GetInt32() : 0;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        List<(string Sku, string? ReportId)> listed;
        while (true)
        {
            listed = [];
            foreach (var warehouse in warehouses)
            {
                using var list = await SendAsync(HttpMethod.Get, $"/api/warehouses/{warehouse}/stock?pageSize=1000", null, ct).ConfigureAwait(false);
                if (!list.IsSuccessStatusCode) continue;
                using var doc = JsonDocument.Parse(await list.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
                foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
                    listed.Add((item.GetProperty("sku").GetString()!, item.TryGetProperty("reportId", out var r) ? r.GetString() : null));
            }
            if (duplicate || listed.Count(l => l.ReportId == reportId) >= expected || waited.Elapsed > ProjectionPatience) break;
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        foreach (var (sku, _) in listed) skus.Add(sku);
    }

    private static readonly TimeSpan ProjectionPatience = TimeSpan.FromSeconds(15);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        return await http.SendAsync(request, ct).ConfigureAwait(false);
    }

    private static string Count(JsonElement status, string name) => status.TryGetProperty(name, out var value) ? value.ToString() : "0";

    private static string Detail(string problem)
    {
        try
        {
            using var doc = JsonDocument.Parse(problem);
            return doc.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : problem;
        }
        catch (JsonException)
        {
            return problem;
        }
    }
}
