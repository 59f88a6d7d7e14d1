using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hub.Core.Registry;
using Hub.Orders.Webhooks.Signatures;

namespace Hub.Standalone.Demo;

/// <summary>
/// The eWTP part of <c>--demo</c>, over HTTP against the hub like the other parts, with the registry's sample partners played by
/// the <see cref="SamplePartnerServer"/>: a sync of every feed requested and followed until the feeds report their records, the
/// quarantined items listed, a signed batch pushed as <c>be-ewtp</c> (and again, as a duplicate), and a 9610 order for a buyer in
/// Malaysia sent through the order webhook and followed to its partner push.
/// </summary>
internal sealed class PartnerDemo(HttpClient http, TextWriter output, string adminKey, HubRegistry registry, SamplePartnerServer partners, TimeProvider time)
{
    public const string OrderPlatform = "zj-industrial";
    public const string OrderId = "ZJ-MY-3001";
    private const string PushingPartner = "be-ewtp";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <returns>True when every step answered as expected.</returns>
    public async Task<bool> RunAsync(string seeds, CancellationToken ct)
    {
        var played = registry.Partners.Where(p => partners.Plays(p.Id)).ToList();
        if (played.Count == 0) return true;
        await output.WriteLineAsync($"\n== Demo: eWTP partner feeds, the partners played by a sample server at {partners.BaseAddress} ==").ConfigureAwait(false);

        foreach (var partner in played)
            foreach (var feed in partner.Feeds)
            {
                using var response = await SendAsync(HttpMethod.Post, $"/api/partners/{partner.Id}/feeds/{feed.Name}/sync", null, ct).ConfigureAwait(false);
                var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                await output.WriteLineAsync($"POST /api/partners/{partner.Id}/feeds/{feed.Name}/sync -> {(int)response.StatusCode} " +
                    (response.StatusCode == HttpStatusCode.Accepted ? "pull requested" : Detail(answer))).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Accepted) return false;
            }

        var synced = true;
        foreach (var partner in played)
            synced &= await ShowFeedsAsync(partner, ct).ConfigureAwait(false);
        foreach (var partner in played)
            await ShowQuarantineAsync(partner.Id, ct).ConfigureAwait(false);
        await ShowParcelAsync(ct).ConfigureAwait(false);

        var pushed = await PushBatchAsync(seeds, ct).ConfigureAwait(false);
        var ordered = await SendOrderAsync(ct).ConfigureAwait(false);

        await output.WriteLineAsync($"\n-- eWTP: try --\n" +
            $"   curl -H 'Authorization: Bearer {adminKey}' {http.BaseAddress}api/partners/my-ewtp/feeds\n" +
            $"   curl -H 'Authorization: Bearer sample-partner-be-ewtp-key' '{http.BaseAddress}api/partners/be-ewtp/records?type=customs-clearance'\n" +
            $"   curl -H 'Authorization: Bearer {adminKey}' {http.BaseAddress}api/partners/my-ewtp/quarantine\n" +
            $"   curl -H 'X-Api-Key: {registry.FindPartner("my-ewtp")?.Auth.Key}' {partners.BaseUrlOf("my-ewtp")}/orders   (what the sample partner received)").ConfigureAwait(false);
        return synced && pushed && ordered;
    }

    /// <summary>Waits until the sample server has served each feed's last item and the hub says the pull is over, then prints the feeds.</summary>
    private async Task<bool> ShowFeedsAsync(PartnerRegistration partner, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + Patience;
        JsonElement feeds;
        while (true)
        {
            using var response = await SendAsync(HttpMethod.Get, $"/api/partners/{partner.Id}/feeds", null, ct).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"GET /api/partners/{partner.Id}/feeds -> {(int)response.StatusCode} {Detail(answer)}").ConfigureAwait(false);
                return false;
            }
            using var document = JsonDocument.Parse(answer);
            feeds = document.RootElement.GetProperty("feeds").Clone();
            if (feeds.EnumerateArray().All(f => IsDone(partner.Id, f))) break;
            if (time.GetUtcNow() > deadline)
            {
                await output.WriteLineAsync($"{partner.Id}: the feeds did not finish within {Patience.TotalSeconds:F0} s; as they stand:").ConfigureAwait(false);
                break;
            }
            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"\n-- {partner.Id} ({partner.Name}): GET /api/partners/{partner.Id}/feeds --").ConfigureAwait(false);
        var done = true;
        foreach (var feed in feeds.EnumerateArray())
        {
            var name = feed.GetProperty("feed").GetString()!;
            done &= IsDone(partner.Id, feed);
            var error = feed.TryGetProperty("lastError", out var e) && e.ValueKind == JsonValueKind.String ? $", last error: {e.GetString()}" : "";
            await output.WriteLineAsync($"{partner.Id}/{name,-10} {partners.ItemsIn(partner.Id, name),3} items at the partner -> {Number(feed, "recordsSynced"),3} records synced, " +
                $"{Number(feed, "quarantined")} quarantined; schedule '{Text(feed, "schedule")}', page size {Number(feed, "pageSize")}, last sync {Text(feed, "lastSyncAt")}, " +
                $"newest record {Text(feed, "lastRecordAt")}{error}").ConfigureAwait(false);
        }
        return done;
    }

    private bool IsDone(string partnerId, JsonElement feed)
    {
        var name = feed.GetProperty("feed").GetString()!;
        var servedToTheEnd = partners.FeedRequests.Any(r => r.PartnerId == partnerId && r.Feed == name && r.Offset + r.Items == partners.ItemsIn(partnerId, name));
        return servedToTheEnd
            && feed.TryGetProperty("pulling", out var pulling) && pulling.ValueKind == JsonValueKind.False
            && feed.TryGetProperty("lastSyncAt", out var last) && last.ValueKind == JsonValueKind.String;
    }

    private async Task ShowQuarantineAsync(string partnerId, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/partners/{partnerId}/quarantine", null, ct).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await output.WriteLineAsync($"GET /api/partners/{partnerId}/quarantine -> {(int)response.StatusCode} {Detail(answer)}").ConfigureAwait(false);
            return;
        }
        using var document = JsonDocument.Parse(answer);
        var items = document.RootElement.GetProperty("items");
        if (items.GetArrayLength() == 0) return;
        await output.WriteLineAsync($"\n-- {partnerId}: quarantined (the feed went on past them; fix the mapping, then POST .../quarantine/reprocess) --").ConfigureAwait(false);
        foreach (var item in items.EnumerateArray())
            await output.WriteLineAsync($"{Text(item, "recordId"),-14} {Text(item, "partnerType"),-20} {Text(item, "reason")}").ConfigureAwait(false);
    }

    /// <summary>One parcel's tracking history from the read store: the records of type shipment-status with its tracking number.</summary>
    private async Task ShowParcelAsync(CancellationToken ct)
    {
        var partner = registry.FindPartner("my-ewtp");
        if (partner is null || !partners.Plays(partner.Id) || partners.ItemsIn(partner.Id, "shipments") == 0) return;
        // The parcel with the longest history in the feed.
        var tracking = Enumerable.Range(0, partners.ItemsIn(partner.Id, "shipments"))
            .Select(i => TrackingNumber(partners.ItemAt(partner.Id, "shipments", i)))
            .OfType<string>()
            .GroupBy(t => t, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();
        if (tracking is null) return;
        var path = $"/api/partners/{partner.Id}/records?type=shipment-status&reference={Uri.EscapeDataString(tracking)}";
        using var response = await SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        await output.WriteLineAsync($"\n-- GET {path} -> {(int)response.StatusCode} --").ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await output.WriteLineAsync(Detail(answer)).ConfigureAwait(false);
            return;
        }
        using var document = JsonDocument.Parse(answer);
        foreach (var record in document.RootElement.GetProperty("items").EnumerateArray().OrderBy(r => Text(r, "occurredAt"), StringComparer.Ordinal))
        {
            var fields = record.TryGetProperty("fields", out var f) ? f : record;
            await output.WriteLineAsync($"{Text(record, "occurredAt")}  {Text(fields, "status"),-17} {Text(fields, "location")} ({Text(fields, "carrier")}, order {Text(fields, "orderId")})").ConfigureAwait(false);
        }
    }

    private static string? TrackingNumber(string item)
    {
        using var document = JsonDocument.Parse(item);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("trackingNumber", out var number) && number.ValueKind == JsonValueKind.String ? number.GetString() : null;
    }

    /// <summary>seeds/partners/be-ewtp/push.json as be-ewtp would push it (signed, Standard Webhooks), then the same delivery again.</summary>
    private async Task<bool> PushBatchAsync(string seeds, CancellationToken ct)
    {
        var partner = registry.FindPartner(PushingPartner);
        var file = Path.Combine(seeds, "partners", PushingPartner, "push.json");
        if (partner?.Signature is null || !File.Exists(file)) return true;
        await output.WriteLineAsync($"\n-- {PushingPartner} pushes {Path.GetFileName(file)} (signed), then the same delivery again --").ConfigureAwait(false);
        var body = await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false);
        var ok = true;
        foreach (var attempt in new[] { "first", "again" })
        {
            var headers = WebhookSigner.Sign(partner.Signature, "msg_be_ewtp_demo_push_1", body, time.GetUtcNow());
            using var response = await PostAsync($"/api/partners/{PushingPartner}/events", body, headers, ct).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"POST /api/partners/{PushingPartner}/events ({attempt}) -> {(int)response.StatusCode} {Detail(answer)}").ConfigureAwait(false);
                ok = false;
                continue;
            }
            using var document = JsonDocument.Parse(answer);
            var r = document.RootElement;
            var quarantined = r.TryGetProperty("quarantined", out var q) ? q.EnumerateArray().Select(i => $"{Text(i, "id")}: {Text(i, "reason")}").ToList() : [];
            await output.WriteLineAsync($"POST /api/partners/{PushingPartner}/events ({attempt}) -> {(int)response.StatusCode} delivery {Text(r, "deliveryId")}, " +
                $"duplicate {Text(r, "duplicate")}, {Number(r, "accepted")} accepted, {quarantined.Count} quarantined").ConfigureAwait(false);
            foreach (var line in quarantined) await output.WriteLineAsync($"    quarantined {line}").ConfigureAwait(false);
        }
        return ok;
    }

    /// <summary>A 9610 order (a consumer in Malaysia buying from a Chinese seller) through the order webhook, followed to its push to my-ewtp.</summary>
    private async Task<bool> SendOrderAsync(CancellationToken ct)
    {
        var platform = registry.FindPlatform(OrderPlatform);
        if (platform is null) return true;
        await output.WriteLineAsync($"\n-- A cross-border retail order (9610) for a buyer in Malaysia, through POST /api/webhooks/orders/{OrderPlatform} --").ConfigureAwait(false);
        var body = Encoding.UTF8.GetBytes(OrderBody);
        var headers = WebhookSigner.Sign(platform.Signature, "msg_zj_my_3001_v1", body, time.GetUtcNow());
        using (var response = await PostAsync($"/api/webhooks/orders/{OrderPlatform}", body, headers, ct).ConfigureAwait(false))
        {
            var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            await output.WriteLineAsync($"{OrderPlatform}/{OrderId} -> {(int)response.StatusCode} {(response.IsSuccessStatusCode ? $"ingestion {Field(answer, "ingestionId")}" : Detail(answer))}").ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return false;
        }

        var deadline = time.GetUtcNow() + Patience;
        while (true)
        {
            using var response = await SendAsync(HttpMethod.Get, $"/api/orders/{OrderPlatform}/{OrderId}", null, ct).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                using var document = JsonDocument.Parse(answer);
                var order = document.RootElement;
                if (order.TryGetProperty("partnerPush", out var push) && push.ValueKind == JsonValueKind.Object && Text(push, "status") != "retrying")
                {
                    await output.WriteLineAsync($"GET /api/orders/{OrderPlatform}/{OrderId}: customs mode {Text(order, "customsMode")}, partner push to {Text(push, "partnerId")}: " +
                        $"{Text(push, "status")} (version {Text(push, "orderVersion")}, attempt {Text(push, "attempts")}, partner answered {Text(push, "partnerStatusCode")}, " +
                        $"Idempotency-Key {Text(push, "idempotencyKey")})").ConfigureAwait(false);
                    var received = partners.OrdersOf(Text(push, "partnerId")).Where(o => o.IdempotencyKey == Text(push, "idempotencyKey")).ToList();
                    foreach (var r in received)
                        await output.WriteLineAsync($"The sample partner {r.PartnerId} holds it as {r.PartnerOrderId}, received {r.ReceivedAt:O}").ConfigureAwait(false);
                    return Text(push, "status") == "pushed";
                }
            }
            if (time.GetUtcNow() > deadline)
            {
                await output.WriteLineAsync($"GET /api/orders/{OrderPlatform}/{OrderId}: no partner push after {Patience.TotalSeconds:F0} s: {(int)response.StatusCode} {answer}").ConfigureAwait(false);
                return false;
            }
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    private const string OrderBody = """
        {
          "platformId": "zj-industrial",
          "orderId": "ZJ-MY-3001",
          "version": 1,
          "eventType": "received",
          "occurredAt": "2026-11-20T03:40:00Z",
          "buyer": { "id": "C-MY-50217", "name": "Nur Aisyah binti Rahman", "country": "MY", "kind": "consumer" },
          "seller": { "id": "S-ZJ-0091", "name": "Shaoxing Precision Pumps Co.", "country": "CN" },
          "currency": "MYR",
          "lines": [
            { "sku": "PUMP-MINI-12V", "description": "12 V garden fountain pump", "hsCode": "841370", "quantity": 1, "unit": "pcs", "unitPrice": 89.9 }
          ]
        }
        """;

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body, IReadOnlyDictionary<string, string> headers, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await http.SendAsync(request, ct).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        return await http.SendAsync(request, ct).ConfigureAwait(false);
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "-";

    private static string Number(JsonElement element, string name) => Text(element, name) is "-" ? "0" : Text(element, name);

    private static string Field(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Text(document.RootElement, name);
        }
        catch (JsonException)
        {
            return "-";
        }
    }

    private static string Detail(string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(problem);
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : problem;
        }
        catch (JsonException)
        {
            return problem;
        }
    }
}
