using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hub.Standalone.Demo;

/// <summary>
/// The matchmaking part of <c>--demo</c>, over HTTP against the hub itself like <see cref="StockReportDemo"/>: registers the
/// sample expo of <c>seeds/expos/{expoId}/</c> (the expo, its exhibitors as JSON and its buyers as CSV), requests a run,
/// follows its progress, prints its metrics, publishes it, and shows a few participants' meetings, the head of
/// meetings.csv and where each agenda.ics is.
/// </summary>
/// <param name="key">The organiser key of the expo (<c>sample-organiser-key</c>), or the admin key when the registry lacks it.</param>
internal sealed class ExpoDemo(HttpClient http, TextWriter output, string key)
{
    public const string ExpoId = "gdte-2026";
    public const string OrganiserKey = "sample-organiser-key";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    /// <returns>True when the expo was registered, run and published.</returns>
    public async Task<bool> RunAsync(string folder, CancellationToken ct)
    {
        if (!Directory.Exists(folder)) return false;
        await output.WriteLineAsync($"\n== Demo: matchmaking the sample expo in {folder} ==").ConfigureAwait(false);
        var expoPath = $"/api/expos/{ExpoId}";

        if (!await UploadAsync(HttpMethod.Put, expoPath, Path.Combine(folder, "expo.json"), "application/json", "expo", ct).ConfigureAwait(false)) return false;
        if (!await UploadAsync(HttpMethod.Put, $"{expoPath}/exhibitors", Path.Combine(folder, "exhibitors.json"), "application/json", "exhibitors (JSON)", ct).ConfigureAwait(false)) return false;
        if (!await UploadAsync(HttpMethod.Put, $"{expoPath}/buyers", Path.Combine(folder, "buyers.csv"), "text/csv", "buyers (CSV)", ct).ConfigureAwait(false)) return false;

        using var requested = await SendAsync(HttpMethod.Post, $"{expoPath}/matchmaking-runs", null, ct).ConfigureAwait(false);
        var answer = await requested.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (requested.StatusCode != HttpStatusCode.Accepted)
        {
            await output.WriteLineAsync($"POST {expoPath}/matchmaking-runs -> {(int)requested.StatusCode} {Detail(answer)}").ConfigureAwait(false);
            return false;
        }

        string runId, statusUrl;
        using (var accepted = JsonDocument.Parse(answer))
        {
            runId = accepted.RootElement.GetProperty("runId").GetString()!;
            statusUrl = accepted.RootElement.GetProperty("statusUrl").GetString()!;
        }
        await output.WriteLineAsync($"POST {expoPath}/matchmaking-runs -> 202 run {runId}").ConfigureAwait(false);

        var status = await FollowAsync(statusUrl, ct).ConfigureAwait(false);
        if (status is null) return false;
        await PrintMetricsAsync(status.Value).ConfigureAwait(false);

        using (var published = await SendAsync(HttpMethod.Post, $"{expoPath}/matchmaking-runs/{runId}/publish", null, ct).ConfigureAwait(false))
        {
            var text = await published.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            await output.WriteLineAsync($"POST .../matchmaking-runs/{runId}/publish -> {(int)published.StatusCode} {(published.IsSuccessStatusCode ? "published: agendas now show this run" : Detail(text))}").ConfigureAwait(false);
            if (!published.IsSuccessStatusCode) return false;
        }

        foreach (var participantId in await SampleParticipantsAsync(folder, ct).ConfigureAwait(false))
            await PrintMeetingsAsync(expoPath, runId, participantId, ct).ConfigureAwait(false);
        await PrintCsvHeadAsync($"{expoPath}/matchmaking-runs/{runId}/meetings.csv", ct).ConfigureAwait(false);

        await output.WriteLineAsync($"\n-- Agendas (iCalendar) of the published run, one per participant --\n" +
            $"   curl -H 'Authorization: Bearer {key}' {http.BaseAddress}api/expos/{ExpoId}/participants/<participantId>/agenda.ics\n" +
            $"   e.g. {http.BaseAddress}api/expos/{ExpoId}/participants/ex-haibao-pumps/agenda.ics").ConfigureAwait(false);
        return true;
    }

    private async Task<bool> UploadAsync(HttpMethod method, string path, string file, string contentType, string what, CancellationToken ct)
    {
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        using var response = await SendAsync(method, path, content, ct).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await output.WriteLineAsync($"{method} {path} ({what}) -> {(int)response.StatusCode} {Detail(answer)}").ConfigureAwait(false);
            return false;
        }

        using var doc = JsonDocument.Parse(answer);
        var r = doc.RootElement;
        var summary = r.TryGetProperty("received", out var received)
            ? $"{received} received, {r.GetProperty("created")} created, {r.GetProperty("updated")} updated"
            : response.StatusCode == HttpStatusCode.Created ? "created" : "updated";
        await output.WriteLineAsync($"{method} {path} ({what}) -> {(int)response.StatusCode} {summary}").ConfigureAwait(false);
        return true;
    }

    /// <summary>Polls the run until it completes or fails, printing each new stage and every tenth of progress.</summary>
    private async Task<JsonElement?> FollowAsync(string statusUrl, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + RunTimeout;
        var last = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var poll = await SendAsync(HttpMethod.Get, statusUrl, null, ct).ConfigureAwait(false);
            var text = await poll.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!poll.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"GET {statusUrl} -> {(int)poll.StatusCode} {Detail(text)}").ConfigureAwait(false);
                return null;
            }

            using var doc = JsonDocument.Parse(text);
            var status = doc.RootElement.Clone();
            var state = status.GetProperty("status").GetString();
            var progress = status.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object
                ? $" {p.GetProperty("stage").GetString()} {Math.Floor(p.GetProperty("fraction").GetDouble() * 10) * 10:0}%" : "";
            if ($"{state}{progress}" != last)
            {
                last = $"{state}{progress}";
                await output.WriteLineAsync($"   run {state}{progress}").ConfigureAwait(false);
            }

            if (state == "completed") return status;
            if (state == "failed")
            {
                await output.WriteLineAsync($"   the run failed: {(status.TryGetProperty("error", out var e) ? e.GetString() : "(no reason given)")}").ConfigureAwait(false);
                return null;
            }
            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"   the run did not finish within {RunTimeout.TotalSeconds:0} s; see {statusUrl}").ConfigureAwait(false);
        return null;
    }

    private async Task PrintMetricsAsync(JsonElement status)
    {
        if (!status.TryGetProperty("metrics", out var m) || m.ValueKind != JsonValueKind.Object) return;
        string Metric(string name, string format = "0.##") =>
            m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString(format, CultureInfo.InvariantCulture) : "-";
        var duration = status.TryGetProperty("durationSeconds", out var d) && d.ValueKind == JsonValueKind.Number ? $" in {d.GetDouble():0.##} s" : "";
        await output.WriteLineAsync(
            $"   completed{duration}: {Metric("pairsScored", "0")} pairs scored (of {Metric("pairsConsidered", "0")} considered), " +
            $"{Metric("meetingsScheduled", "0")} meetings, {Metric("participantsWithMeeting", "0")} participants with a meeting, " +
            $"{Metric("buyersWithMeeting", "0")} of {Metric("buyersWithPlausiblePartner", "0")} buyers with a plausible partner met one\n" +
            $"   objective {Metric("objective")}, bound {Metric("upperBound")}, gap {Metric("gap", "0.##%")}").ConfigureAwait(false);
    }

    /// <summary>The first two exhibitors of the sample and the first two buyers: enough to show both sides of a meeting.</summary>
    private static async Task<IReadOnlyList<string>> SampleParticipantsAsync(string folder, CancellationToken ct)
    {
        var ids = new List<string>();
        using (var exhibitors = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "exhibitors.json"), ct).ConfigureAwait(false)))
            ids.AddRange(exhibitors.RootElement.EnumerateArray().Take(2).Select(e => e.GetProperty("id").GetString()!));
        // The buyers' ids are the first field of the CSV rows after the header (plain ids, never quoted in the sample).
        ids.AddRange((await File.ReadAllLinesAsync(Path.Combine(folder, "buyers.csv"), ct).ConfigureAwait(false)).Skip(1).Take(2).Select(line => line.Split(',')[0]));
        return ids;
    }

    private async Task PrintMeetingsAsync(string expoPath, string runId, string participantId, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{expoPath}/matchmaking-runs/{runId}/meetings?participantId={Uri.EscapeDataString(participantId)}", null, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await output.WriteLineAsync($"\n-- {participantId}: {(int)response.StatusCode} {Detail(text)}").ConfigureAwait(false);
            return;
        }

        using var doc = JsonDocument.Parse(text);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        await output.WriteLineAsync($"\n-- Meetings of {participantId}: {items.Count} --").ConfigureAwait(false);
        foreach (var meeting in items)
        {
            var exhibitor = meeting.GetProperty("exhibitorId").GetString() == participantId;
            var other = exhibitor ? meeting.GetProperty("buyerCompany").GetString() : meeting.GetProperty("exhibitorCompany").GetString();
            var reasons = string.Join("; ", meeting.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
            await output.WriteLineAsync($"   {meeting.GetProperty("day").GetString()} {meeting.GetProperty("start").GetString()}-{meeting.GetProperty("end").GetString()} " +
                $"table {meeting.GetProperty("table"),2}  {other}  (score {meeting.GetProperty("score")}: {reasons})").ConfigureAwait(false);
        }
    }

    private async Task PrintCsvHeadAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await output.WriteLineAsync($"\nGET {path} -> {(int)response.StatusCode} {Detail(text)}").ConfigureAwait(false);
            return;
        }
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        await output.WriteLineAsync($"\n-- {path} (UTF-8 with BOM; {lines.Length - 1} meetings; the first five) --").ConfigureAwait(false);
        foreach (var line in lines.Take(6)) await output.WriteLineAsync($"   {line}").ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request, ct).ConfigureAwait(false);
    }

    private static string Detail(string problem)
    {
        try
        {
            using var doc = JsonDocument.Parse(problem);
            var r = doc.RootElement;
            var detail = r.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : problem;
            if (r.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any())
                detail += " " + string.Join("; ", errors.EnumerateObject().Take(5).Select(p => $"{p.Name}: {string.Join(", ", p.Value.EnumerateArray())}"));
            return detail;
        }
        catch (JsonException)
        {
            return problem.Length == 0 ? "(no body)" : problem;
        }
    }
}
