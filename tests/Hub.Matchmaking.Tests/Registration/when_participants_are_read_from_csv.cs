using Hub.Core.Validation;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Registration;

namespace Hub.Matchmaking.Tests.Registration;

public sealed class when_participants_are_read_from_csv
{
    private static readonly Dictionary<string, ParticipantKind> Registered = new() { ["ex-1"] = ParticipantKind.Exhibitor, ["ex-2"] = ParticipantKind.Exhibitor };

    private static (List<Participant> Participants, IDictionary<string, string[]> Errors) Check(string csv, ParticipantKind kind = ParticipantKind.Buyer)
    {
        var errors = new ValidationErrors();
        var records = ParticipantCsvReader.Read(csv, 50_000, errors)!;
        if (!errors.IsEmpty) return ([], errors.ToDictionary());
        var participants = ParticipantValidator.Validate(when_participant_records_are_checked.Expo, kind, records, Registered, CsvRecordPaths.Instance, errors);
        return (participants, errors.ToDictionary());
    }

    [Fact]
    public void a_row_per_participant_with_lists_split_on_semicolons_or_bars()
    {
        var (participants, errors) = Check(
            "id,company,country,categories,keywords,languages,availability,interests,requests,maxMeetings\r\n" +
            "b-1,Müller Import GmbH,DE,8471;8458,CNC lathes,de|en,2026-05-20 09:00-12:00; 2026-05-21 10:00-12:00,847130|8458,ex-2;ex-1,6\r\n" +
            "b-2,Acme,US,,,,,,,\r\n");

        Assert.Empty(errors);
        Assert.Equal(2, participants.Count);
        var first = participants[0];
        Assert.Equal(["8471", "8458"], first.Categories);
        Assert.Equal(["de", "en"], first.Languages);
        Assert.Equal(["847130", "8458"], first.Interests!);
        Assert.Equal(["ex-2", "ex-1"], first.Requests!);
        Assert.Equal(6, first.MaxMeetings);
        Assert.Equal([new Availability(new(2026, 5, 20), new(9, 0), new(12, 0)), new Availability(new(2026, 5, 21), new(10, 0), new(12, 0))], first.Availability!);
        // Empty cells leave fields out: every opening hour, the expo's default meeting limit.
        Assert.Null(participants[1].Availability);
        Assert.Null(participants[1].MaxMeetings);
        Assert.Empty(participants[1].Categories);
    }

    [Fact]
    public void chinese_column_names_and_text_with_a_bom_and_quoted_fields_are_read()
    {
        var csv = "\uFEFF编号,公司,国家,类别,关键词,目标市场,语言,认证,可用时间\n" +
                  "ex-10,\"宁波精密机械有限公司, 北仑\",CN,8458|845811,\"数控车床 \"\"CNC\"\" lathes\nmachining centres\",DE;US,zh;en,ISO 9001,none\n";

        var (participants, errors) = Check(csv, ParticipantKind.Exhibitor);

        Assert.Empty(errors);
        var exhibitor = Assert.Single(participants);
        Assert.Equal("ex-10", exhibitor.Id);
        Assert.Equal("宁波精密机械有限公司, 北仑", exhibitor.Company);
        Assert.Equal("数控车床 \"CNC\" lathes\nmachining centres", exhibitor.Keywords);
        Assert.Equal(["8458", "845811"], exhibitor.Categories);
        Assert.Equal(["DE", "US"], exhibitor.TargetMarkets);
        Assert.Equal(["ISO 9001"], exhibitor.Certifications);
        Assert.Empty(exhibitor.Availability!);
    }

    [Fact]
    public void column_names_are_taken_in_any_case()
    {
        var (participants, errors) = Check("ID,Company,COUNTRY,TargetMarkets\nb-1,A,CN,DE\n");

        Assert.Empty(errors);
        Assert.Equal(["DE"], Assert.Single(participants).TargetMarkets);
    }

    [Fact]
    public void faults_are_named_by_row_as_a_spreadsheet_numbers_them_and_by_column()
    {
        var (_, errors) = Check(
            "id,company,country,categories,availability,requests\n" +
            "b-1,A,CN,8471,,\n" +
            "b-2,B,CN,84a1,,\n" +
            "b-3,C,CN,,2026-05-20 08:00-10:00,ghost\n");

        Assert.Equal(["row 3.categories", "row 4.availability", "row 4.requests"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'84a1' is a malformed HS code", errors["row 3.categories"][0]);
        Assert.Contains("outside opening hours 09:00-17:00 on 2026-05-20", errors["row 4.availability"][0]);
        Assert.StartsWith("unknown exhibitor 'ghost'", errors["row 4.requests"][0]);
    }

    [Fact]
    public void an_unknown_or_repeated_column_and_a_missing_required_one_are_named_in_the_header()
    {
        var (_, errors) = Check("id,company,公司,colour\nb-1,A,A,red\n");

        var header = errors["header"];
        Assert.Contains(header, m => m.Contains("Unknown column 'colour'"));
        Assert.Contains(header, m => m.Contains("Columns 2 and 3 both hold company"));
        Assert.Contains(header, m => m.Contains("No column holds country"));
    }

    [Fact]
    public void a_row_with_a_different_number_of_cells_is_named()
    {
        var (_, errors) = Check("id,company,country\nb-1,A,CN,extra\n");

        Assert.Contains("Has 4 cells; the header has 3", Assert.Single(errors["row 2"]));
    }

    [Fact]
    public void a_quoted_field_left_open_is_named()
    {
        var (_, errors) = Check("id,company,country\nb-1,\"A,CN\n");

        Assert.Contains("opened on line 2 is never closed", Assert.Single(errors["body"]));
    }

    [Fact]
    public void a_text_max_meetings_and_a_malformed_window_are_named()
    {
        var (_, errors) = Check("id,company,country,maxMeetings,availability\nb-1,A,CN,six,tomorrow morning\n");

        Assert.Equal(["row 2.availability", "row 2.maxMeetings"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void an_empty_file_or_too_many_records_is_refused()
    {
        var errors = new ValidationErrors();
        Assert.Empty(ParticipantCsvReader.Read("\uFEFF", 10, errors)!);
        Assert.Equal(["header"], errors.ToDictionary().Keys);

        Assert.Null(ParticipantCsvReader.Read("id,company,country\na,A,CN\nb,B,CN\nc,C,CN\n", 2, new ValidationErrors()));
    }
}
