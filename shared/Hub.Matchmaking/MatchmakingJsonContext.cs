using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Matchmaking.Http;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking;

/// <summary>Compile-time JSON metadata for matchmaking's stored documents and answers (camelCase, nulls left out, enums as camelCase text).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Expo))]
[JsonSerializable(typeof(Participant))]
[JsonSerializable(typeof(MatchmakingRun))]
[JsonSerializable(typeof(ParticipantMeetings))]
[JsonSerializable(typeof(Hub.Matchmaking.Registration.RegistrationAnswer))]
[JsonSerializable(typeof(ParticipantKind))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(MatchmakingRunView))]
[JsonSerializable(typeof(MatchmakingRunList))]
[JsonSerializable(typeof(MatchmakingRunAccepted))]
[JsonSerializable(typeof(Hub.Matchmaking.Outputs.MeetingPage))]
public sealed partial class MatchmakingJsonContext : JsonSerializerContext;
