using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Core.Webhooks;
using Hub.PartnerFeeds.Inbound;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.PartnerFeeds.Tests.Push;

/// <summary>POSTs to <see cref="PartnerEventsEndpoint"/> as a partner would, signed with Standard Webhooks, and reads the answer.</summary>
public static class PartnerEventsClient
{
    private static readonly IServiceProvider ResultServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public static async Task<Answer> PostAsync(this PartnerEventsEndpoint endpoint, string partnerId, string body, string? secret, string deliveryId,
        DateTimeOffset? signedAt = null, string contentType = "application/json", Action<IHeaderDictionary>? tamper = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext { RequestServices = ResultServices };
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = contentType;
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        if (secret is not null)
            foreach (var (name, value) in StandardWebhooksSignature.Sign(secret, deliveryId, bytes, signedAt ?? DateTimeOffset.UtcNow))
                context.Request.Headers[name] = value;
        tamper?.Invoke(context.Request.Headers);
        context.Response.Body = new MemoryStream();

        var result = await endpoint.HandleAsync(context.Request, partnerId, TestContext.Current.CancellationToken);
        await result.ExecuteAsync(context);
        var text = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        return new Answer(context.Response.StatusCode, context.Response.ContentType, text);
    }

    public sealed record Answer(int Status, string? ContentType, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public string Detail => Json.GetProperty("detail").GetString()!;

        public IEnumerable<string> ErrorFields => Json.GetProperty("errors").EnumerateObject().Select(p => p.Name);
    }
}
