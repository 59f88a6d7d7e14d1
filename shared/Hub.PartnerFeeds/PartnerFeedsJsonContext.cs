using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Contracts.PartnerFeeds;
using Hub.PartnerFeeds.Inbound;
using Hub.PartnerFeeds.Model;
using Hub.PartnerFeeds.Outbound;
using Hub.PartnerFeeds.ReadSide;

namespace Hub.PartnerFeeds;

/// <summary>Compile-time JSON metadata for partner feeds' stored documents, events and answers (camelCase, nulls left out).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PartnerFeedState))]
[JsonSerializable(typeof(QuarantinedRecord))]
[JsonSerializable(typeof(PartnerRecordData))]
[JsonSerializable(typeof(PartnerPullRequested))]
[JsonSerializable(typeof(OrderPartnerPush))]
[JsonSerializable(typeof(Http.PartnerSyncRequested))]
[JsonSerializable(typeof(Sync.PartnerQuarantineReprocessed))]
[JsonSerializable(typeof(PartnerEventsAnswer))]
[JsonSerializable(typeof(PartnerOrder))]
[JsonSerializable(typeof(PartnerRecordView))]
public sealed partial class PartnerFeedsJsonContext : JsonSerializerContext;
