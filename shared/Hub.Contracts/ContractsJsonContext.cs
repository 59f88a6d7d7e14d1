using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Contracts.Matchmaking;
using Hub.Contracts.Orders;
using Hub.Contracts.Stock;

namespace Hub.Contracts;

/// <summary>
/// Compile-time JSON metadata for the event data, in the wire's shape (camelCase, nulls left out): serialising an
/// event on the webhook path then costs no reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrderEventData))]
[JsonSerializable(typeof(StockReportedData))]
[JsonSerializable(typeof(StockLowData))]
[JsonSerializable(typeof(StockReportStatus))]
[JsonSerializable(typeof(StockReportRunRequested))]
[JsonSerializable(typeof(MatchmakingRunRequested))]
[JsonSerializable(typeof(MatchmakingRunCompletedData))]
[JsonSerializable(typeof(MatchmakingRunFailedData))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
