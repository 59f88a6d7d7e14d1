using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Contracts.PartnerFeeds;
using Hub.ReadStore.Orders;
using Hub.ReadStore.Stock;

namespace Hub.ReadStore;

/// <summary>Compile-time JSON metadata for the read models, in the same shape as the event data (camelCase, no nulls).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrderView))]
[JsonSerializable(typeof(StockLevelView))]
[JsonSerializable(typeof(OrderPartnerPush))]
internal sealed partial class ReadStoreJsonContext : JsonSerializerContext;
