using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hub.Core;
using Hub.Core.Auth;
using Hub.Core.Registry;
using Hub.Orders.Webhooks.Signatures;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Hub.Standalone.Demo;

/// <summary>
/// <c>--demo</c>: once the server listens, posts every sample in <c>seeds/webhooks/</c> to it over HTTP, signed as
/// its platform would sign it, prints what happened to each, then shows the resulting orders. The server keeps running.
/// On a data folder an earlier run has filled (<c>--data</c>), a sample it delivered answers as a duplicate and is
/// reported as already there, not as a failure.
/// </summary>
public sealed class DemoReplay(IServer server, IHostApplicationLifetime lifetime, HubRegistry registry, IOptions<HubOptions> options, DemoDataFolder data,
    TimeProvider time, SamplePartnerServer partners) : BackgroundService
{
    private const string DemoKey = "sample-admin-key";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStarted(stoppingToken).ConfigureAwait(false);
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost");
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Value.RegistryPath))!, "webhooks");
        var output = Console.Out;
        var dataPath = Path.GetFullPath(options.Value.DataPath);
        await output.WriteLineAsync(data.Fresh
            ? $"\n== Demo: data in {dataPath} (a fresh folder for each run; --data <dir> to choose one) =="
            : $"\n== Demo: data in {dataPath} (given; what an earlier run delivered there is reported as already there) ==").ConfigureAwait(false);
        await output.WriteLineAsync($"\n== Demo: replaying {folder} against {address} ==").ConfigureAwait(false);

        var orders = new SortedSet<(string Platform, string Order)>();
        var (mismatches, alreadyThere) = (0, 0);
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var sample = JsonSerializer.Deserialize<DemoSample>(await File.ReadAllTextAsync(file, stoppingToken).ConfigureAwait(false), JsonSerializerOptions.Web)!;
            var (status, answer) = await PostAsync(http, sample, stoppingToken).ConfigureAwait(false);
            var outcome = Describe(status, answer);
            var matched = Matches(sample.Expect, status);
            var delivered = !matched && !data.Fresh && status == HttpStatusCode.OK && sample.Expect is "accepted" or "stale";
            if (delivered) alreadyThere++;
            else if (!matched) mismatches++;
            var note = matched ? "" : delivered ? "   (already there: an earlier run on this data folder delivered it)" : "   (not as expected)";
            await output.WriteLineAsync($"{Path.GetFileNameWithoutExtension(file),-30} {sample.Expect,-12} -> {(int)status} {outcome}{note}").ConfigureAwait(false);
            await output.WriteLineAsync($"{"",-30} {sample.Description}").ConfigureAwait(false);
            if (status is HttpStatusCode.Accepted or HttpStatusCode.OK && OrderKey(sample) is { } key) orders.Add(key);
        }

        await Task.Delay(500, stoppingToken).ConfigureAwait(false);
        await output.WriteLineAsync("\n== Orders in the read store ==").ConfigureAwait(false);
        foreach (var (platform, order) in orders)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{platform}/{order}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DemoKey);
            using var response = await http.SendAsync(request, stoppingToken).ConfigureAwait(false);
            var json = await response.Content.ReadAsStringAsync(stoppingToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) { await output.WriteLineAsync($"{platform}/{order}: {(int)response.StatusCode} {json}").ConfigureAwait(false); continue; }
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            await output.WriteLineAsync($"{platform}/{order}: status {r.GetProperty("status")}, version {r.GetProperty("version")}, customs mode {r.GetProperty("customsMode")}, " +
                $"{r.GetProperty("totals").GetProperty("amount")} {r.GetProperty("currency")}, {r.GetProperty("history").GetArrayLength()} event(s) seen").ConfigureAwait(false);
        }
        var seeds = Path.GetDirectoryName(Path.GetFullPath(options.Value.RegistryPath))!;
        alreadyThere += await new StockReportDemo(http, output, DemoKey, data.Fresh).RunAsync(Path.Combine(seeds, "stock-reports"), stoppingToken).ConfigureAwait(false);
        // Matchmaking (OUT): after the stock demo, with the expo's organiser key where the registry has it.
        var organiserKey = registry.ApiKeys.Any(k => string.Equals(k.Sha256, ApiKeyAuthenticator.Hash(ExpoDemo.OrganiserKey), StringComparison.OrdinalIgnoreCase)) ? ExpoDemo.OrganiserKey : DemoKey;
        var matchmade = await new ExpoDemo(http, output, organiserKey).RunAsync(Path.Combine(seeds, "expos", ExpoDemo.ExpoId), stoppingToken).ConfigureAwait(false);
        var partnered = await new PartnerDemo(http, output, DemoKey, registry, partners, time).RunAsync(seeds, stoppingToken).ConfigureAwait(false);

        var notes = new List<string>();
        if (mismatches > 0) notes.Add($"{mismatches} sample(s) not as expected");
        if (alreadyThere > 0) notes.Add($"{alreadyThere} sample(s) already there from an earlier run");
        if (!partnered) notes.Add("the eWTP partner part did not complete");
        await output.WriteLineAsync($"\n== Demo done{(notes.Count > 0 ? $" ({string.Join("; ", notes)})" : "")}. The hub keeps running at {address}. Try:\n" +
            $"   curl -H 'Authorization: Bearer {DemoKey}' {address}/api/orders\n" +
            $"   curl -H 'Authorization: Bearer {DemoKey}' {address}/api/orders/zj-industrial/ZJ-1001\n" +
            $"   curl -H 'Authorization: Bearer {DemoKey}' {address}/api/stock/ZJ-PUMP-001\n" +
            (matchmade ? $"   curl -H 'Authorization: Bearer {organiserKey}' {address}/api/expos/{ExpoDemo.ExpoId}/participants/ex-haibao-pumps/agenda.ics\n" : "") +
            $"   curl -X PUT -H 'Authorization: Bearer sample-uk-fulfil-key' --data-binary @seeds/stock-reports/uk-fulfil/2026-11-25-stock.csv {address}/api/warehouses/uk-fulfil/stock-reports/my-report.csv\n" +
            $"   or drop a report into {Path.Combine(dataPath, "inbox")}/<operatorId>/\n").ConfigureAwait(false);
    }

    private async Task<(HttpStatusCode, string)> PostAsync(HttpClient http, DemoSample sample, CancellationToken ct)
    {
        var platform = registry.FindPlatform(sample.PlatformId) ?? throw new InvalidOperationException($"Sample names unknown platform '{sample.PlatformId}'.");
        var body = Encoding.UTF8.GetBytes(sample.Body.GetRawText());
        var headers = WebhookSigner.Sign(platform.Signature, sample.DeliveryId, body, time.GetUtcNow());
        if (sample.Tamper) body = Encoding.UTF8.GetBytes(sample.Body.GetRawText().Replace("24.99", "0.01", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/orders/{sample.PlatformId}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
    }

    private static string Describe(HttpStatusCode status, string answer)
    {
        using var doc = JsonDocument.Parse(answer);
        var r = doc.RootElement;
        return status switch
        {
            HttpStatusCode.Accepted => $"accepted, ingestion {r.GetProperty("ingestionId")}",
            HttpStatusCode.OK => $"duplicate, same ingestion {r.GetProperty("ingestionId")}",
            _ => $"{r.GetProperty("title")}: {string.Join("; ", r.TryGetProperty("errors", out var e) && e.EnumerateObject().Any() ? e.EnumerateObject().Select(p => $"{p.Name} {string.Join(", ", p.Value.EnumerateArray())}") : [r.GetProperty("detail").GetString() ?? ""])}",
        };
    }

    private static bool Matches(string expect, HttpStatusCode status) => expect switch
    {
        "accepted" or "stale" => status == HttpStatusCode.Accepted,
        "duplicate" => status == HttpStatusCode.OK,
        "rejected" => status == HttpStatusCode.BadRequest,
        "unauthorized" => status == HttpStatusCode.Unauthorized,
        _ => false,
    };

    private static (string, string)? OrderKey(DemoSample sample)
    {
        foreach (var name in new[] { "orderId", "order_no" })
            if (sample.Body.TryGetProperty(name, out var id)) return (sample.PlatformId, id.GetString()!);
        return null;
    }

    private Task WhenStarted(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    private sealed record DemoSample(string Description, string PlatformId, string DeliveryId, string Expect, JsonElement Body, bool Tamper = false);
}
