using System.Collections.Concurrent;
using System.Net;
using Hub.PartnerFeeds.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.PartnerFeeds.Tests.Http;

/// <summary>A resolver that answers from a table (or one answer per call, for rebinding) and records every name asked.</summary>
internal sealed class FakeResolver
{
    private readonly Func<string, int, IPAddress[]> _answer;
    public ConcurrentQueue<string> Asked { get; } = new();

    private FakeResolver(Func<string, int, IPAddress[]> answer) => _answer = answer;

    public static FakeResolver Answering(string host, params string[] addresses) =>
        new((name, _) => name == host ? addresses.Select(IPAddress.Parse).ToArray() : throw new InvalidOperationException($"unexpected name {name}"));

    /// <summary>The nth call (from 0) gets <paramref name="answers"/>[n]: a name whose DNS answer changes between connections.</summary>
    public static FakeResolver AnsweringInTurn(string host, params string[] answers) =>
        new((name, call) => name == host ? [IPAddress.Parse(answers[call])] : throw new InvalidOperationException($"unexpected name {name}"));

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var call = Asked.Count;
        Asked.Enqueue(host);
        return Task.FromResult(_answer(host, call));
    }
}

/// <summary>
/// The tests' dialer: records every endpoint it is asked for and dials loopback only, so that no test can reach a private or public
/// address even if the policy were wrong (it throws instead, which fails the test).
/// </summary>
internal sealed class LoopbackOnlyDialer
{
    public ConcurrentQueue<IPEndPoint> Dialled { get; } = new();

    public ValueTask<Stream> DialAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        Dialled.Enqueue(endpoint);
        if (!IPAddress.IsLoopback(endpoint.Address)) throw new NonLoopbackDialException(endpoint);
        return SafePartnerHandler.DialWithSocket(endpoint, cancellationToken);
    }
}

internal sealed class NonLoopbackDialException(IPEndPoint endpoint) : Exception($"The test dialer was asked to dial {endpoint}.");

/// <summary>A real Kestrel on 127.0.0.1 (port chosen by the system) that counts the requests it gets.</summary>
internal sealed class LoopbackPartnerServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);
    public int Port { get; }

    private LoopbackPartnerServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public static async Task<LoopbackPartnerServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackPartnerServer? server = null;
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref server!._requests);
            return next(context);
        });
        app.MapGet("/feed", () => Results.Text("feed"));
        app.MapGet("/moved", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new LoopbackPartnerServer(app, new Uri(address).Port);
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

internal static class PartnerClients
{
    /// <summary>A client as the hub builds it: the request guard in front of the safe handler.</summary>
    public static HttpClient Create(bool allowLoopback, FakeResolver resolver, LoopbackOnlyDialer dialer) =>
        new(new PartnerRequestGuard(allowLoopback)
        {
            InnerHandler = SafePartnerHandler.Create(new PartnerAddressPolicy(allowLoopback), resolver.ResolveAsync, dialer.DialAsync),
        });
}
