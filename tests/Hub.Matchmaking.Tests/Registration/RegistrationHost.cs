using System.Text;
using System.Text.Json;
using Hub.Core.Auth;
using Hub.Core.Registry;
using Hub.Matchmaking.Http;
using Hub.Matchmaking.Registration;
using Hub.Matchmaking.Storage;
using Hub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Matchmaking.Tests.Registration;

/// <summary>
/// The registration endpoints over a real SQLite read store, called with real <see cref="DefaultHttpContext"/> requests,
/// and a registry with a key of each scope.
/// </summary>
public sealed class RegistrationHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";
    public const string ReaderKey = "test-reader-key";
    public const string OrganiserAKey = "test-organiser-a-key";
    public const string OrganiserBKey = "test-organiser-b-key";
    public const string PlatformKey = "test-platform-key";
    public const string ExpoA = "expo-a";
    public const string ExpoB = "expo-b";

    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    private static readonly HubRegistry Registry = new()
    {
        ApiKeys =
        [
            Key(AdminKey, "admin"),
            Key(ReaderKey, "reader"),
            Key(OrganiserAKey, $"organiser:{ExpoA}"),
            Key(OrganiserBKey, $"organiser:{ExpoB}"),
            Key(PlatformKey, "platform:zj-industrial"),
        ],
    };

    private readonly TemporaryReadStore _readStore = new();

    public RegistrationHost()
    {
        Store = new ExpoStore(_readStore.Store);
        var access = new MatchmakingAccess(new ApiKeyAuthenticator(Registry));
        Expos = new ExpoRegistrationEndpoint(Store, access);
        Participants = new ParticipantRegistrationEndpoints(Store, new ParticipantRegistration(Store), access);
        Queries = new ExpoQueryEndpoints(_readStore.Store, Store, access);
    }

    public ExpoStore Store { get; }
    public ExpoRegistrationEndpoint Expos { get; }
    public ParticipantRegistrationEndpoints Participants { get; }
    public ExpoQueryEndpoints Queries { get; }
    public Hub.Core.Storage.IReadStore ReadStore => _readStore.Store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string ExpoJson(string name = "广交会 2026 Test Expo") => $$"""
        {"name":"{{name}}","timeZone":"Asia/Shanghai","days":[{"date":"2026-05-20","opens":"09:00","closes":"17:00"},{"date":"2026-05-21","opens":"09:00","closes":"12:00"}],
         "slotMinutes":20,"tables":40,"exhibitorMaxMeetings":12,"buyerMaxMeetings":8}
        """;

    public Task<Answer> PutExpoAsync(string expoId, string json, string key = AdminKey)
    {
        var context = Request("PUT", key, json, "application/json");
        return Expos.PutAsync(context.Request, expoId, Ct).AnswerAsync(context);
    }

    public Task<Answer> PutExhibitorsAsync(string expoId, string body, string contentType = "application/json", string key = AdminKey)
    {
        var context = Request("PUT", key, body, contentType);
        return Participants.PutExhibitorsAsync(context.Request, expoId, Ct).AnswerAsync(context);
    }

    public Task<Answer> PutBuyersAsync(string expoId, string body, string contentType = "application/json", string key = AdminKey)
    {
        var context = Request("PUT", key, body, contentType);
        return Participants.PutBuyersAsync(context.Request, expoId, Ct).AnswerAsync(context);
    }

    public Task<Answer> PutBytesAsync(string expoId, byte[] body, string contentType, string key = AdminKey)
    {
        var context = Request("PUT", key, null, contentType);
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        return Participants.PutExhibitorsAsync(context.Request, expoId, Ct).AnswerAsync(context);
    }

    public Task<Answer> CancelAsync(string expoId, string participantId, string key = AdminKey)
    {
        var context = Request("DELETE", key, null, null);
        return Participants.CancelAsync(context.Request, expoId, participantId, Ct).AnswerAsync(context);
    }

    public Task<Answer> GetExpoAsync(string expoId, string key = AdminKey)
    {
        var context = Request("GET", key, null, null);
        return Queries.GetExpoAsync(context.Request, expoId, Ct).AnswerAsync(context);
    }

    public Task<Answer> ListAsync(string expoId, string query = "", string key = AdminKey)
    {
        var context = Request("GET", key, null, null);
        context.Request.QueryString = new QueryString(query);
        return Queries.ListParticipantsAsync(context.Request, expoId, Ct).AnswerAsync(context);
    }

    public static DefaultHttpContext Request(string method, string? key, string? body, string? contentType)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        if (key is not null) context.Request.Headers.Authorization = $"Bearer {key}";
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
        }
        context.Request.ContentType = contentType;
        context.Response.Body = new MemoryStream();
        return context;
    }

    public ValueTask DisposeAsync() => _readStore.DisposeAsync();

    private static ApiKeyRegistration Key(string key, string scope) =>
        new() { Name = scope, Sha256 = ApiKeyAuthenticator.Hash(key), Scope = scope };
}

public static class AnswerExtensions
{
    public static async Task<Answer> AnswerAsync(this Task<IResult> pending, HttpContext context)
    {
        var result = await pending;
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        return new Answer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.Location.ToString(), await reader.ReadToEndAsync());
    }
}

public sealed record Answer(int Status, string? ContentType, string Location, string Body)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The problem's <c>errors</c> map: field path -> messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors =>
        Json.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());

    public override string ToString() => $"{Status} {Body}";
}
