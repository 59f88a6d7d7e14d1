using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Tests.Outputs.Support;

/// <summary>Small expos whose participants' names try every trap of CSV and iCalendar: commas, quotes, formulas, Chinese, line breaks.</summary>
internal static class Expos
{
    public const string Hangzhou = "gdte-test";

    public static Expo InHangzhou { get; } = new(Hangzhou, "数贸会 Test Expo", "Asia/Shanghai",
        [new ExpoDay(new DateOnly(2026, 5, 20), new TimeOnly(9, 0), new TimeOnly(17, 0)), new ExpoDay(new DateOnly(2026, 5, 21), new TimeOnly(9, 0), new TimeOnly(12, 0))],
        SlotMinutes: 20, Tables: 3);

    public static IReadOnlyList<Participant> Exhibitors { get; } =
    [
        Exhibitor("E1", "杭州海宝泵业有限公司"),
        Exhibitor("E2", "=HYPERLINK(\"http://evil.example\",\"click\")"),
        Exhibitor("E3", "Acme, \"Pumps\" Ltd"),
        Exhibitor("E4", "Quiet Exhibitor"),
    ];

    public static IReadOnlyList<Participant> Buyers { get; } =
    [
        Buyer("B1", "+1 Trading Sdn Bhd"),
        Buyer("B2", "-2 GmbH"),
        Buyer("B3", "@SUM(A1:A9) Imports"),
        Buyer("B4", "Tab\tand\r\nline break Co."),
    ];

    public static IReadOnlyList<Participant> Everyone { get; } = [.. Exhibitors, .. Buyers];

    /// <summary>Seven meetings over both days, several in one slot (different tables), none double-booked.</summary>
    public static IReadOnlyList<MeetingEntry> Meetings(Expo expo) =>
    [
        Meeting(expo, "E1", "B1", slot: 0, table: 2),
        Meeting(expo, "E2", "B2", slot: 0, table: 1),
        Meeting(expo, "E3", "B3", slot: 0, table: 3),
        Meeting(expo, "E1", "B2", slot: 1, table: 1),
        Meeting(expo, "E2", "B4", slot: 5, table: 1),
        Meeting(expo, "E3", "B1", slot: 24, table: 2), // the first slot of day 2
        Meeting(expo, "E1", "B3", slot: 25, table: 1),
    ];

    public static MeetingEntry Meeting(Expo expo, string exhibitorId, string buyerId, int slot, int table, int sequence = 0)
    {
        var s = new SlotGrid(expo).Slots[slot];
        var exhibitor = Everyone.Single(p => p.Id == exhibitorId);
        var buyer = Everyone.Single(p => p.Id == buyerId);
        IReadOnlyList<ScoreReason> reasons =
        [
            new("hs", "HS 8413 match", 30),
            new("language", "both speak zh, 中文交流", 10),
            new("request", "requested by buyer #1; =cmd|' /C calc'!A0", 21.5),
        ];
        return new MeetingEntry(exhibitor.Id, exhibitor.Company, buyer.Id, buyer.Company, slot, s.Date, s.Start, s.End, table, reasons.Sum(r => r.Points), reasons, sequence);
    }

    private static Participant Exhibitor(string id, string company) =>
        new(id, ParticipantKind.Exhibitor, company, "CN", ["8413"], "离心泵 pumps", ["MY"], ["zh", "en"], []);

    private static Participant Buyer(string id, string company) =>
        new(id, ParticipantKind.Buyer, company, "MY", [], "pumps", [], ["en"], [], Interests: ["8413"]);
}
