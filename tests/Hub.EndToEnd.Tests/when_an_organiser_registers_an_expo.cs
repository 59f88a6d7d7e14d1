using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// The real Standalone with the seed registry: the sample organiser of gdte-2026 declares its expo and registers exhibitors
/// by JSON and buyers by CSV (Chinese and English), reads them back, and cannot reach another expo.
/// </summary>
public sealed class when_an_organiser_registers_an_expo(StandaloneFixture fixture) : IClassFixture<StandaloneFixture>
{
    private const string ExpoId = "gdte-2026";
    private const string OrganiserKey = "sample-organiser-key";
    private const string AdminKey = "sample-admin-key";
    private const string ReaderKey = "sample-reader-key";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(HttpMethod method, string path, string key, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
        using var response = await fixture.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private const string Expo = """
        {"name":"广东贸易博览会 Guangdong Trade Expo 2026","timeZone":"Asia/Shanghai",
         "days":[{"date":"2026-05-20","opens":"09:00","closes":"17:00"},{"date":"2026-05-21","opens":"09:00","closes":"12:00"}],
         "slotMinutes":20,"tables":40,"exhibitorMaxMeetings":12,"buyerMaxMeetings":8}
        """;

    private async Task DeclareAsync()
    {
        var (status, _) = await SendAsync(HttpMethod.Put, $"/api/expos/{ExpoId}", OrganiserKey, Expo);
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"PUT expo answered {status}");
    }

    [Fact]
    public async Task exhibitors_by_json_and_buyers_by_csv_are_registered_and_read_back()
    {
        await DeclareAsync();

        var (exhibitorStatus, exhibitors) = await SendAsync(HttpMethod.Put, $"/api/expos/{ExpoId}/exhibitors", OrganiserKey, """
            [{"id":"ex-foshan","company":"佛山陶瓷有限公司","country":"CN","categories":["6907"],"keywords":"瓷砖 ceramic tiles","languages":["zh","en"],"targetMarkets":["ES","DE"]},
             {"id":"ex-ningbo","company":"Ningbo Precision Machinery","country":"CN","categories":["8458"],"availability":[{"day":"2026-05-20","from":"13:00","to":"17:00"}]}]
            """);
        Assert.Equal(HttpStatusCode.OK, exhibitorStatus);
        Assert.Equal(2, exhibitors.GetProperty("received").GetInt32());

        var csv = "\uFEFF编号,公司,国家,采购兴趣,语言,预约,可用时间\r\n" +
                  "b-casa,\"Casa Azulejo, S.L.\",ES,6907,es;en,ex-foshan,2026-05-20 09:00-12:00\r\n" +
                  "b-berlin,柏林进口贸易,DE,8458|6907,de|zh,ex-ningbo;ex-foshan,\r\n";
        var (buyerStatus, buyers) = await SendAsync(HttpMethod.Put, $"/api/expos/{ExpoId}/buyers", OrganiserKey, csv, "text/csv; charset=utf-8");
        Assert.Equal(HttpStatusCode.OK, buyerStatus);
        Assert.Equal(2, buyers.GetProperty("received").GetInt32());

        var (expoStatus, expo) = await SendAsync(HttpMethod.Get, $"/api/expos/{ExpoId}", ReaderKey);
        Assert.Equal(HttpStatusCode.OK, expoStatus);
        Assert.Equal("广东贸易博览会 Guangdong Trade Expo 2026", expo.GetProperty("name").GetString());

        var (_, buyerPage) = await SendAsync(HttpMethod.Get, $"/api/expos/{ExpoId}/participants?kind=buyer", OrganiserKey);
        var items = buyerPage.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["b-berlin", "b-casa"], items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("柏林进口贸易", items[0].GetProperty("company").GetString());
        Assert.Equal(["ex-ningbo", "ex-foshan"], items[0].GetProperty("requests").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Casa Azulejo, S.L.", items[1].GetProperty("company").GetString());

        var (_, exhibitorPage) = await SendAsync(HttpMethod.Get, $"/api/expos/{ExpoId}/participants?kind=exhibitor", AdminKey);
        Assert.Equal(["ex-foshan", "ex-ningbo"], exhibitorPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task a_bad_record_is_named_and_nothing_of_the_request_is_registered()
    {
        await DeclareAsync();

        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/expos/{ExpoId}/buyers", OrganiserKey, """
            [{"id":"b-good","company":"Good Buyer","country":"FR"},
             {"id":"b-bad","company":"Bad Buyer","country":"FR","interests":["84a1"],"requests":["ex-nowhere"],"availability":["2026-05-21 11:00-13:00"]}]
            """);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        Assert.Contains("malformed HS code", errors.GetProperty("[1].interests[0]")[0].GetString());
        Assert.StartsWith("unknown exhibitor 'ex-nowhere'", errors.GetProperty("[1].requests[0]")[0].GetString());
        Assert.Contains("outside opening hours 09:00-12:00 on 2026-05-21", errors.GetProperty("[1].availability[0]")[0].GetString());
        var (_, page) = await SendAsync(HttpMethod.Get, $"/api/expos/{ExpoId}/participants?kind=buyer", AdminKey);
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == "b-good");
    }

    [Fact]
    public async Task the_organiser_key_finds_no_other_expo_the_reader_changes_nothing_and_a_platform_key_is_refused()
    {
        await DeclareAsync();
        var (adminStatus, _) = await SendAsync(HttpMethod.Put, "/api/expos/other-expo-2026", AdminKey, Expo);
        Assert.True(adminStatus is HttpStatusCode.Created or HttpStatusCode.OK);

        var (other, otherProblem) = await SendAsync(HttpMethod.Get, "/api/expos/other-expo-2026", OrganiserKey);
        var (unknown, unknownProblem) = await SendAsync(HttpMethod.Get, "/api/expos/no-such-expo", OrganiserKey);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (other, unknown));
        Assert.Equal("No expo 'other-expo-2026'.", otherProblem.GetProperty("detail").GetString());
        Assert.Equal("No expo 'no-such-expo'.", unknownProblem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Put, $"/api/expos/{ExpoId}", ReaderKey, Expo)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"/api/expos/{ExpoId}", "sample-zj-industrial-key")).Status);
    }

    [Fact]
    public async Task a_cancelled_participant_stays_listed_as_cancelled()
    {
        // An expo of its own, so that the other tests' lists of gdte-2026 are not changed.
        const string expoId = "withdrawals-2026";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, $"/api/expos/{expoId}", AdminKey, Expo)).Status);
        await SendAsync(HttpMethod.Put, $"/api/expos/{expoId}/exhibitors", AdminKey, """[{"id":"ex-withdrawn","company":"Withdrawn Ltd","country":"GB"}]""");

        var (status, cancelled) = await SendAsync(HttpMethod.Delete, $"/api/expos/{expoId}/participants/ex-withdrawn", AdminKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(cancelled.GetProperty("cancelled").GetBoolean());
        var (_, page) = await SendAsync(HttpMethod.Get, $"/api/expos/{expoId}/participants", ReaderKey);
        Assert.True(Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("cancelled").GetBoolean());
    }
}
