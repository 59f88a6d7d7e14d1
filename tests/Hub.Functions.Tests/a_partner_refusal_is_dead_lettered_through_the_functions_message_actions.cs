using System.Net;
using Azure.Messaging.ServiceBus;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.Functions.PartnerFeeds;
using Hub.PartnerFeeds;
using Hub.PartnerFeeds.Outbound;
using Hub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Functions.Tests;

/// <summary>
/// PushOrderToPartner hands a partner's refusal to the bound <see cref="ServiceBusMessageActions"/> as a dead letter with the
/// partner's answer, and returns (the message is settled); a failure worth retrying is thrown for Service Bus to retry.
/// </summary>
public sealed class a_partner_refusal_is_dead_lettered_through_the_functions_message_actions : IAsyncLifetime
{
    private WebApplication _partner = null!;
    private HttpStatusCode _answer = HttpStatusCode.BadRequest;
    private readonly TemporaryReadStore _store = new();
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        // Building a host raises the process-wide "HostBuilt" event that AppComposition listens to: one at a time, or a test
        // composing an app would catch this partner's host instead of its own.
        lock (AppComposition.OneAtATime) _partner = builder.Build();
        _partner.MapPost("/orders", (HttpContext context) =>
            Results.Text("""{"error":"HS code 841370 needs a licence"}""", "application/json", statusCode: (int)_answer));
        await _partner.StartAsync(TestContext.Current.CancellationToken);
        var baseUrl = _partner.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var registry = new HubRegistry
        {
            Partners =
            [
                new PartnerRegistration
                {
                    Id = "my-ewtp", BaseUrl = baseUrl, PushOrders = true, Destinations = ["MY"],
                    Auth = new PartnerAuthSettings { Kind = "api-key", Key = "k" },
                },
            ],
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:Partners:Http:AllowLoopback"] = "true",
            ["Hub:Partners:Client:MaxRetryAttempts"] = "0",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(registry)
            .AddSingleton<IReadStore>(_store.Store)
            .AddPartnerPushes()
            .BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _partner.DisposeAsync();
        await _store.DisposeAsync();
    }

    private static ServiceBusReceivedMessage CrossBorderOrder()
    {
        var order = new CanonicalOrder
        {
            PlatformId = "shop-1", OrderId = "o-1", Version = 1, EventType = OrderEventKinds.Received,
            OccurredAt = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero),
            Buyer = new OrderParty { Id = "b-1", Country = "MY" }, Seller = new OrderParty { Id = "s-1", Country = "CN" },
            Currency = "USD", Lines = [new OrderLine { Sku = "PUMP-1", Quantity = 1, UnitPrice = 10m }],
        };
        CloudEvent cloudEvent = HubCloudEvents.Create("ing-1", OrderEventTypes.Received, EventSources.OrderSync, "shop-1/o-1", order.OccurredAt,
            new OrderEventData { IngestionId = "ing-1", ReceivedAt = order.OccurredAt, CustomsMode = CustomsModes.CrossBorderB2C, Order = order });
        return FunctionsHarness.Delivered(cloudEvent);
    }

    [Fact]
    public async Task a_400_dead_letters_the_message_with_the_partners_answer_and_the_function_returns()
    {
        var actions = new RecordingMessageActions();
        var function = new PushOrderToPartner(_services.GetRequiredService<OrderPushHandler>());

        await function.RunAsync(CrossBorderOrder(), actions, TestContext.Current.CancellationToken);

        var (reason, description) = Assert.Single(actions.DeadLettered);
        Assert.Equal(UndeliverableEventException.DeadLetterReason, reason);
        Assert.Contains("Partner 'my-ewtp' answered 400", description);
        Assert.Contains("HS code 841370 needs a licence", description);
    }

    [Fact]
    public async Task a_503_is_thrown_for_service_bus_to_retry_and_nothing_is_dead_lettered()
    {
        _answer = HttpStatusCode.ServiceUnavailable;
        var actions = new RecordingMessageActions();
        var function = new PushOrderToPartner(_services.GetRequiredService<OrderPushHandler>());

        await Assert.ThrowsAsync<PartnerPushFailedException>(() => function.RunAsync(CrossBorderOrder(), actions, TestContext.Current.CancellationToken));

        Assert.Empty(actions.DeadLettered);
    }

    private sealed class RecordingMessageActions : ServiceBusMessageActions
    {
        public List<(string? Reason, string? Description)> DeadLettered { get; } = [];

        public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify = null,
            string? deadLetterReason = null, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
        {
            DeadLettered.Add((deadLetterReason, deadLetterErrorDescription));
            return Task.CompletedTask;
        }
    }
}
