using Hub.Testing.Events;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using CloudNative.CloudEvents;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core;
using Hub.Core.Auth;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.PartnerFeeds.ReadSide;
using Hub.Core.Storage;
using Hub.Embedded;
using Hub.Matchmaking;
using Hub.Orders;
using Hub.Orders.Webhooks.Signatures;
using Hub.ReadStore;
using Hub.StockReports;
using Hub.Matchmaking.Runs;
using Hub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Functions.Tests;

/// <summary>
/// The Functions apps' classes composed as their Program.cs composes them, with the embedded (SQLite) adapters in
/// place of Cosmos DB, a <see cref="RecordingEventBus"/> in place of Service Bus, and blobs on the file system unless a
/// test passes another <see cref="IBlobStore"/> (Azurite's). No Functions host: the tests call the function methods the
/// way the worker would after binding. The registry is the seed registry's operators and keys plus a test platform
/// and a reader key of its own.
/// </summary>
public sealed class FunctionsHarness : IAsyncDisposable
{
    public const string PlatformId = "functions-test-platform";
    public const string ReaderKey = "functions-tests-reader-key";

    /// <summary>A warehouse operator of seeds/registry.json (warehouses GB-FXT-01 and GB-MAN-02), with its sample key.</summary>
    public const string OperatorId = "uk-fulfil";
    public const string OperatorKey = "sample-uk-fulfil-key";

    public static SignatureSettings Signature { get; } = new()
    {
        Scheme = "standard-webhooks",
        Secrets = ["whsec_" + Convert.ToBase64String("functions-tests-signing-secret"u8)],
    };

    private readonly ServiceProvider _services;
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("hub-functions-tests-");

    /// <param name="blobs">The blob store in place of the embedded one (files under the data folder), e.g. Azure's on Azurite.</param>
    /// <summary>A partner with one feed, for the partner read side's functions.</summary>
    public static PartnerRegistration Partner { get; } = new()
    {
        Id = "functions-test-partner",
        Name = "Functions test partner",
        BaseUrl = "https://partner.example",
        Auth = new PartnerAuthSettings { Kind = "api-key", Key = "k" },
        Feeds = [new PartnerFeedRegistration { Name = "shipments" }],
    };

    public FunctionsHarness(IBlobStore? blobs = null)
    {
        var seeds = RegistryLoader.Load(RepositoryPaths.SeedRegistry);
        var registry = seeds with
        {
            Platforms = [new PlatformRegistration { Id = PlatformId, Signature = Signature }],
            ApiKeys = [new ApiKeyRegistration { Name = "tests", Sha256 = ApiKeyAuthenticator.Hash(ReaderKey), Scope = "reader" }, .. seeds.ApiKeys],
            Partners = [Partner, .. seeds.Partners.Where(p => p.Id != Partner.Id)],
        };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hub:DataPath"] = _data.FullName,
                ["Hub:StockReports:WorkPath"] = Path.Combine(_data.FullName, "work"),
            })
            .Build();

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton(registry)
            .AddHubCore()
            .AddEmbeddedAdapters()
            .AddSingleton<IEventBus>(Bus)
            .AddOrderSync()
            .AddOrderReadStore()
            .AddStockReports()
            .AddStockReadStore()
            .AddMatchmaking()
            .AddMatchmakingRuns()
            .AddPartnerFeedsReadSide();
        if (blobs is not null) services.AddSingleton<IBlobStore>(blobs);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    // After the seed stock report's as-of (2026-11-25T06:00Z): a report dated ahead of the clock is refused row by row.
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    public RecordingEventBus Bus { get; } = new();

    /// <summary>A function class with its constructor dependencies from the app's composition, as the worker creates it.</summary>
    public T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(_services);

    /// <summary>A service of the composition (the blob store, the read store) for what a test arranges or checks behind the functions.</summary>
    public T Service<T>() where T : notnull => _services.GetRequiredService<T>();

    public HttpRequest Request(string method, string path, string? query = null, byte[]? body = null, string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = method;
        context.Request.Path = path;
        if (query is not null) context.Request.QueryString = new QueryString(query);
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }
        context.Request.ContentType = contentType;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            context.Request.Headers[name] = value;
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public HttpRequest SignedWebhook(string deliveryId, string json, string platformId = PlatformId)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var headers = WebhookSigner.Sign(Signature, deliveryId, body, Time.GetUtcNow());
        return Request("POST", $"/api/webhooks/orders/{platformId}", body: body, contentType: "application/json", headers: headers);
    }

    public HttpRequest Authorized(string method, string path, string? query = null, string key = ReaderKey) =>
        Request(method, path, query, headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" });

    /// <summary>A stock report file sent as the operator sends it: the raw bytes, with the operator's key.</summary>
    public HttpRequest Upload(string operatorId, string fileName, byte[] body, string key = OperatorKey) =>
        Request("PUT", $"/api/warehouses/{operatorId}/stock-reports/{fileName}", body: body, contentType: "text/csv",
            headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" });

    /// <summary>Lets the result write the response, as the ASP.NET Core integration does after the function returns.</summary>
    public static async Task<Answer> AnswerAsync(HttpRequest request, IResult result)
    {
        var context = request.HttpContext;
        await result.ExecuteAsync(context);
        var bytes = ((MemoryStream)context.Response.Body).ToArray();
        return new Answer(context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(bytes), context.Response.Headers) { Bytes = bytes };
    }

    /// <summary>What Service Bus would deliver to the read-store subscription for an event published on the topic.</summary>
    public static ServiceBusReceivedMessage Delivered(CloudEvent cloudEvent, int deliveryCount = 1, string topic = Topics.Orders)
    {
        var sent = ServiceBusMessageMapper.ToMessage(cloudEvent, topic);
        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body, messageId: sent.MessageId, sessionId: sent.SessionId, subject: sent.Subject,
            contentType: sent.ContentType, properties: sent.ApplicationProperties, deliveryCount: deliveryCount);
    }

    /// <summary>
    /// The client the worker binds to ReceiveStockReportBlob's trigger parameter for a blob of <c>stock-reports</c>. Building it reads
    /// nothing, and the function works from the blob's name alone.
    /// </summary>
    public static BlobClient TriggeringBlob(string name, BlobServiceClient? account = null) =>
        (account ?? new BlobServiceClient("UseDevelopmentStorage=true")).GetBlobContainerClient(StockReportBlobs.Reports).GetBlobClient(name);

    /// <summary>
    /// Event Grid's BlobCreated for a blob of <c>stock-reports</c>, then what Service Bus delivers to the runner subscription:
    /// ReceiveStockReportBlob, then <see cref="DeliverRunRequestsAsync"/>. The report's status once that is done; null when
    /// the blob is not a report the hub takes.
    /// </summary>
    public async Task<StockReportStatus?> BlobCreatedAsync(string blobName, BlobServiceClient? account = null)
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var taken = await Function<Hub.Functions.StockReports.ReceiveStockReportBlob>().RunAsync(TriggeringBlob(blobName, account), blobName, ct);
        await DeliverRunRequestsAsync();
        return taken is null ? null : await Service<Hub.StockReports.Processing.StockReportStatusStore>().GetAsync(taken.OperatorId, taken.ReportId, ct);
    }

    private readonly HashSet<string> _deliveredRunRequests = [];

    /// <summary>
    /// Delivers to RunStockReport, as Service Bus would to the runner subscription, every run request published (or
    /// scheduled for a time the clock has reached) and not delivered before, one id once (the topic's duplicate detection),
    /// until none is left. Returns how many were delivered.
    /// </summary>
    public async Task<int> DeliverRunRequestsAsync()
    {
        var delivered = 0;
        while (true)
        {
            var now = Time.GetUtcNow();
            var next = Bus.Published.Select(p => p.Event)
                .Concat(Bus.Scheduled.Where(s => s.NotBefore <= now).Select(s => s.Event))
                .FirstOrDefault(e => e.Type == StockEventTypes.RunRequested && !_deliveredRunRequests.Contains(e.Id!));
            if (next is null) return delivered;
            _deliveredRunRequests.Add(next.Id!);
            await Function<Hub.Functions.StockReports.RunStockReport>().RunAsync(Delivered(next, topic: Topics.Stock), Xunit.TestContext.Current.CancellationToken);
            delivered++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }

    public sealed record Answer(int Status, string? ContentType, string Body, IHeaderDictionary Headers)
    {
        /// <summary>The body as written, before any decoding.</summary>
        public byte[] Bytes { get; init; } = [];

        public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The body is JSON null.");
    }
}
