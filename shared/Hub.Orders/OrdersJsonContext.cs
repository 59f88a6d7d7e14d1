using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Orders.Webhooks;

namespace Hub.Orders;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OrderWebhookEndpoint.WebhookAnswer))]
internal sealed partial class OrdersJsonContext : JsonSerializerContext;
