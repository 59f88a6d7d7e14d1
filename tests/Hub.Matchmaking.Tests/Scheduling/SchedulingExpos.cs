using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>Hand-made expos for the behaviour tests: one day from 09:00, 30-minute slots.</summary>
public static class SchedulingExpos
{
    public static readonly DateOnly Day = new(2026, 5, 20);

    public static Expo Expo(int slots, int tables, int exhibitorMax = 12, int buyerMax = 8) =>
        new("expo-test", "Test expo", "Asia/Shanghai", [new ExpoDay(Day, new TimeOnly(9, 0), new TimeOnly(9, 0).AddMinutes(30 * slots))],
            30, tables, exhibitorMax, buyerMax);

    public static Participant Exhibitor(string id, int? maxMeetings = null, bool cancelled = false, IReadOnlyList<string>? blocked = null) =>
        new(id, ParticipantKind.Exhibitor, $"Company {id}", "CN", [], "", [], [], [], maxMeetings, Cancelled: cancelled, Blocked: blocked);

    public static Participant Buyer(string id, int? maxMeetings = null, bool cancelled = false, IReadOnlyList<string>? blocked = null,
        (int From, int To)? slots = null) =>
        new(id, ParticipantKind.Buyer, $"Company {id}", "DE", [], "", [], [], [], maxMeetings, Cancelled: cancelled, Blocked: blocked,
            Availability: slots is { } s ? [new Availability(Day, new TimeOnly(9, 0).AddMinutes(30 * s.From), new TimeOnly(9, 0).AddMinutes(30 * s.To))] : null);
}
