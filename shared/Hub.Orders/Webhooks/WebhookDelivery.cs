using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Webhooks;

/// <summary>One POST of a platform's webhook: who it claims to come from, its headers and its raw body.</summary>
public sealed record WebhookDelivery(string PlatformId, IHeaderDictionary Headers, ReadOnlyMemory<byte> Body);
