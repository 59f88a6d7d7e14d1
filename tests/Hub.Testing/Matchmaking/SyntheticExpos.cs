using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;

namespace Hub.Testing.Matchmaking;

/// <summary>
/// The shape of a synthetic expo: its size, its grid and how often participants restrict availability, request, block or
/// cancel. The same shape and seed always give the same expo.
/// </summary>
/// <param name="PartialAvailabilityShare">Share of participants available only in 1 to 3 windows (one per day) instead of all opening hours.</param>
/// <param name="RequestingBuyerShare">Share of buyers that request 1 to <paramref name="MaxRequests"/> exhibitors of their chapters.</param>
/// <param name="RequestingExhibitorShare">Share of exhibitors that request 1 to 3 buyers of their chapters (some of them buyers that requested them).</param>
/// <param name="BlockingShare">Share of participants that block 1 or 2 of the other kind (from their own chapters, so blocks matter).</param>
/// <param name="CancelledShare">Share of participants cancelled.</param>
/// <param name="OwnLimitShare">Share of participants with their own, lower <c>maxMeetings</c>.</param>
public sealed record SyntheticExpoShape(
    int Exhibitors,
    int Buyers,
    int Days = 3,
    int SlotsPerDay = 16,
    int Tables = 400,
    int ExhibitorMaxMeetings = 24,
    int BuyerMaxMeetings = 8,
    int Seed = 1,
    int SlotMinutes = 30,
    double PartialAvailabilityShare = 0.2,
    double RequestingBuyerShare = 0.5,
    int MaxRequests = 5,
    double RequestingExhibitorShare = 0.1,
    double BlockingShare = 0.02,
    double CancelledShare = 0.01,
    double OwnLimitShare = 0.1);

/// <summary>
/// A deterministic (seeded) generator of realistic expos of any size, for tests and the benchmark: real HS codes of twelve
/// chapters (machinery 84, electrical 85, knitted 61 and woven 62 apparel, furniture 94, plastics 39, iron and steel
/// articles 73, vehicles 87, instruments 90, toys 95, coffee and tea 09, preserved food 20) with the Chinese and English
/// words a listing would use, countries (ISO 3166-1 alpha-2), languages (ISO 639-1), certifications, ranked requests
/// of related exhibitors, a few blocks and cancellations, and availability windows inside opening hours.
/// </summary>
public static class SyntheticExpos
{
    public static readonly DateOnly FirstDay = new(2026, 5, 20);
    public static readonly TimeOnly Opens = new(9, 0);

    public static MatchmakingProblem Generate(int exhibitors, int buyers, int seed = 1) =>
        Generate(new SyntheticExpoShape(exhibitors, buyers, Seed: seed));

    public static MatchmakingProblem Generate(SyntheticExpoShape shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shape.Exhibitors);
        ArgumentOutOfRangeException.ThrowIfNegative(shape.Buyers);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.SlotsPerDay, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shape.SlotsPerDay * shape.SlotMinutes, 15 * 60);

        var random = new Random(shape.Seed);
        var closes = Opens.AddMinutes(shape.SlotsPerDay * shape.SlotMinutes);
        var days = Enumerable.Range(0, shape.Days).Select(d => new ExpoDay(FirstDay.AddDays(d), Opens, closes)).ToList();
        var expo = new Expo($"synthetic-{shape.Seed}", $"Synthetic Expo {shape.Seed}", "Asia/Shanghai", days, shape.SlotMinutes,
            shape.Tables, shape.ExhibitorMaxMeetings, shape.BuyerMaxMeetings);

        var exhibitors = new List<Participant>(shape.Exhibitors);
        var exhibitorChapters = new List<Chapter[]>(shape.Exhibitors);
        var exhibitorsByChapter = Chapters.ToDictionary(c => c.Code, _ => new List<int>());
        for (var i = 0; i < shape.Exhibitors; i++)
        {
            var chapters = PickChapters(random, random.NextDouble() < 0.2 ? 2 : 1);
            exhibitorChapters.Add(chapters);
            foreach (var c in chapters) exhibitorsByChapter[c.Code].Add(i);
            exhibitors.Add(Exhibitor(random, shape, days, i, chapters));
        }

        var buyers = new List<Participant>(shape.Buyers);
        var buyersByChapter = Chapters.ToDictionary(c => c.Code, _ => new List<int>());
        for (var i = 0; i < shape.Buyers; i++)
        {
            var chapters = PickChapters(random, random.NextDouble() < 0.3 ? 2 : 1);
            foreach (var c in chapters) buyersByChapter[c.Code].Add(i);
            var requests = new List<string>();
            if (random.NextDouble() < shape.RequestingBuyerShare && shape.MaxRequests > 0)
            {
                var pool = chapters.SelectMany(c => exhibitorsByChapter[c.Code]).Distinct().ToList();
                var wanted = random.Next(1, shape.MaxRequests + 1);
                while (requests.Count < wanted && pool.Count > requests.Count)
                {
                    var id = exhibitors[pool[random.Next(pool.Count)]].Id;
                    if (!requests.Contains(id)) requests.Add(id);
                }
            }
            var blocked = new List<string>();
            if (random.NextDouble() < shape.BlockingShare)
            {
                var pool = exhibitorsByChapter[chapters[0].Code];
                for (var k = random.Next(1, 3); k > 0 && pool.Count > 0; k--) blocked.Add(exhibitors[pool[random.Next(pool.Count)]].Id);
            }
            buyers.Add(Buyer(random, shape, days, i, chapters, requests, blocked.Distinct().ToList()));
        }

        // Exhibitors' own requests and blocks name buyers, so they are drawn once every buyer exists.
        var askersOf = buyers.SelectMany(b => b.RequestsOrEmpty.Select(e => (Exhibitor: e, Buyer: b.Id)))
            .GroupBy(r => r.Exhibitor).ToDictionary(g => g.Key, g => g.Select(r => r.Buyer).ToList());
        for (var i = 0; i < exhibitors.Count; i++)
        {
            var pool = exhibitorChapters[i].SelectMany(c => buyersByChapter[c.Code]).Distinct().ToList();
            if (pool.Count == 0) continue;
            var requests = new List<string>();
            if (random.NextDouble() < shape.RequestingExhibitorShare)
            {
                // Half of them answer buyers that asked for them, which makes those requests mutual.
                var askers = askersOf.GetValueOrDefault(exhibitors[i].Id) ?? [];
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    var id = askers.Count > 0 && random.NextDouble() < 0.5 ? askers[random.Next(askers.Count)] : buyers[pool[random.Next(pool.Count)]].Id;
                    if (!requests.Contains(id)) requests.Add(id);
                }
            }
            var blocked = new List<string>();
            if (random.NextDouble() < shape.BlockingShare / 2) blocked.Add(buyers[pool[random.Next(pool.Count)]].Id);
            if (requests.Count > 0 || blocked.Count > 0) exhibitors[i] = exhibitors[i] with { Requests = requests, Blocked = blocked };
        }

        return new MatchmakingProblem(expo, exhibitors, buyers, []);
    }

    private static Participant Exhibitor(Random random, SyntheticExpoShape shape, List<ExpoDay> days, int index, Chapter[] chapters)
    {
        var chinese = random.NextDouble() < 0.65;
        var country = chinese ? "CN" : Pick(random, ExhibitorCountries);
        var headings = chapters.SelectMany(c => PickSome(random, c.Headings, random.Next(1, 3))).ToList();
        var categories = headings.Select(h => random.NextDouble() < 0.6 ? h.Subheadings[random.Next(h.Subheadings.Length)]
            : random.NextDouble() < 0.2 ? h.Subheadings[random.Next(h.Subheadings.Length)] + "00" : h.Code).Distinct().ToList();
        var languages = chinese ? (random.NextDouble() < 0.75 ? new[] { "zh", "en" } : ["zh"]) : new[] { LanguageOf(country), "en" }.Distinct().ToArray();
        var certifications = PickSome(random, chapters[0].Certifications, random.Next(0, chapters[0].Certifications.Length + 1)).ToList();
        var limit = random.NextDouble() < shape.OwnLimitShare ? random.Next(1, Math.Max(2, shape.ExhibitorMaxMeetings)) : (int?)null;
        return new Participant(
            $"e{index + 1:D5}", ParticipantKind.Exhibitor, CompanyName(random, chinese, headings[0]), country, categories,
            ExhibitorKeywords(random, chinese, headings),
            PickSome(random, BuyerCountries, random.Next(2, 7)).ToList(),
            languages, certifications,
            MaxMeetings: limit,
            Availability: Availability(random, shape, days),
            Cancelled: random.NextDouble() < shape.CancelledShare);
    }

    private static Participant Buyer(Random random, SyntheticExpoShape shape, List<ExpoDay> days, int index, Chapter[] chapters,
        List<string> requests, List<string> blocked)
    {
        var country = Pick(random, BuyerCountries);
        var headings = chapters.SelectMany(c => PickSome(random, c.Headings, random.Next(1, 3))).ToList();
        // Buyers state interests at every depth: a whole chapter, a heading, or a subheading.
        var interests = headings.Select(h => random.NextDouble() switch
        {
            < 0.15 => h.Code[..2],
            < 0.55 => h.Code,
            _ => h.Subheadings[random.Next(h.Subheadings.Length)],
        }).Distinct().ToList();
        var chineseText = random.NextDouble() < 0.35;
        var languages = new List<string> { "en" };
        if (LanguageOf(country) != "en") languages.Add(LanguageOf(country));
        if (chineseText || random.NextDouble() < 0.1) languages.Add("zh");
        var required = random.NextDouble() < 0.4 ? PickSome(random, chapters[0].Certifications, random.Next(1, 3)).ToList() : [];
        var limit = random.NextDouble() < shape.OwnLimitShare ? random.Next(1, Math.Max(2, shape.BuyerMaxMeetings)) : (int?)null;
        return new Participant(
            $"b{index + 1:D5}", ParticipantKind.Buyer, $"{Pick(random, BuyerNames)} {Pick(random, BuyerSuffixes)} {index + 1}", country,
            random.NextDouble() < 0.1 ? [headings[0].Code] : [],
            BuyerKeywords(random, chineseText, headings),
            [], languages.Distinct().ToList(), [],
            MaxMeetings: limit,
            Availability: Availability(random, shape, days),
            Interests: interests,
            RequiredCertifications: required,
            Requests: requests,
            Blocked: blocked,
            Cancelled: random.NextDouble() < shape.CancelledShare);
    }

    private static List<Availability>? Availability(Random random, SyntheticExpoShape shape, List<ExpoDay> days)
    {
        if (random.NextDouble() >= shape.PartialAvailabilityShare) return null;
        var windows = new List<Availability>();
        foreach (var day in PickSome(random, days.ToArray(), random.Next(1, Math.Min(3, days.Count) + 1)).OrderBy(d => d.Date))
        {
            var first = random.Next(0, shape.SlotsPerDay);
            var length = random.Next(1, shape.SlotsPerDay - first + 1);
            windows.Add(new Availability(day.Date, day.Opens.AddMinutes(first * shape.SlotMinutes), day.Opens.AddMinutes((first + length) * shape.SlotMinutes)));
        }
        return windows;
    }

    private static string ExhibitorKeywords(Random random, bool chinese, List<Heading> headings)
    {
        var words = new List<string>();
        foreach (var heading in headings)
            foreach (var (zh, en) in PickSome(random, heading.Words, random.Next(1, heading.Words.Length + 1)))
                words.Add(chinese && random.NextDouble() < 0.7 ? zh : en);
        words.Add(chinese ? Pick(random, ["制造商", "生产厂家", "OEM", "工厂直销"]) : Pick(random, ["manufacturer", "OEM supplier", "factory", "exporter"]));
        return string.Join(chinese && random.NextDouble() < 0.5 ? "、" : " ", words);
    }

    private static string BuyerKeywords(Random random, bool chinese, List<Heading> headings)
    {
        var words = headings.SelectMany(h => PickSome(random, h.Words, random.Next(1, 3))).Select(w => chinese ? w.Zh : w.En).ToList();
        return chinese ? "采购" + string.Join("和", words) : "looking for " + string.Join(", ", words);
    }

    private static string CompanyName(Random random, bool chinese, Heading heading) => chinese
        ? $"{Pick(random, ChineseCities)} {Pick(random, CompanyWords)} {heading.Words[0].En} Co., Ltd."
        : $"{Pick(random, CompanyWords)} {heading.Words[0].En} {Pick(random, ["GmbH", "Ltd", "S.p.A.", "JSC", "Pvt Ltd", "A.S."])}";

    private static string LanguageOf(string country) => country switch
    {
        "CN" => "zh", "VN" => "vi", "TH" => "th", "ID" => "id", "MY" => "ms", "DE" => "de", "FR" => "fr", "IT" => "it",
        "TR" => "tr", "KR" => "ko", "JP" => "ja", "AE" or "SA" => "ar", "BR" => "pt", "MX" => "es", "RU" => "ru",
        _ => "en",
    };

    private static Chapter[] PickChapters(Random random, int count)
    {
        var picked = new List<Chapter>();
        while (picked.Count < count)
        {
            var roll = random.NextDouble() * TotalPopularity;
            var chapter = Chapters.First(c => (roll -= c.Popularity) < 0 || c == Chapters[^1]);
            if (!picked.Contains(chapter)) picked.Add(chapter);
        }
        return [.. picked];
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static IEnumerable<T> PickSome<T>(Random random, T[] items, int count)
    {
        var copy = (T[])items.Clone();
        count = Math.Min(count, copy.Length);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, copy.Length);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy.Take(count);
    }

    private sealed record Heading(string Code, string[] Subheadings, (string Zh, string En)[] Words);

    private sealed record Chapter(string Code, double Popularity, string[] Certifications, Heading[] Headings);

    private static readonly string[] ExhibitorCountries = ["VN", "IN", "TR", "DE", "IT", "MY", "TH", "ID", "KR", "JP"];
    private static readonly string[] BuyerCountries =
        ["MY", "TH", "ID", "VN", "PH", "SG", "AE", "SA", "DE", "FR", "GB", "US", "BR", "MX", "NG", "KE", "RU", "AU", "IN", "PK"];
    private static readonly string[] ChineseCities = ["Ningbo", "Shenzhen", "Dongguan", "Yiwu", "Foshan", "Taizhou", "Xiamen", "Qingdao", "Suzhou", "Wenzhou"];
    private static readonly string[] CompanyWords = ["Hengda", "Golden Star", "Sunrise", "Everbright", "Huatai", "Oriental", "Greenfield", "Apex", "Delta", "Jinlong"];
    private static readonly string[] BuyerNames = ["Nusantara", "Siam", "Gulf", "Atlas", "Savanna", "Baltic", "Andes", "Pacific", "Meridian", "Crescent"];
    private static readonly string[] BuyerSuffixes = ["Trading", "Imports", "Distribution", "Retail Group", "Sourcing"];

    private static readonly Chapter[] Chapters =
    [
        new("84", 3.0, ["CE", "ISO 9001", "UL"],
        [
            new("8413", ["841370", "841381", "841360"], [("离心水泵", "centrifugal pump"), ("潜水泵", "submersible pump"), ("齿轮泵", "gear pump")]),
            new("8481", ["848180", "848130", "848140"], [("阀门", "valves"), ("球阀", "ball valve"), ("安全阀", "safety valve")]),
            new("8471", ["847130", "847141", "847160"], [("笔记本电脑", "laptop"), ("平板电脑", "tablet"), ("键盘", "keyboard")]),
            new("8418", ["841821", "841850"], [("冰箱", "refrigerator"), ("冷柜", "freezer")]),
            new("8414", ["841451", "841480"], [("风扇", "fan"), ("空气压缩机", "air compressor")]),
            new("8443", ["844332", "844399"], [("打印机", "printer"), ("墨盒", "ink cartridge")]),
        ]),
        new("85", 3.0, ["CE", "RoHS", "UL", "CCC", "ISO 9001"],
        [
            new("8504", ["850440", "850431"], [("电源适配器", "power adapter"), ("变压器", "transformer")]),
            new("8507", ["850760", "850720"], [("锂电池", "lithium battery"), ("蓄电池", "lead acid battery")]),
            new("8517", ["851713", "851762"], [("智能手机", "smartphone"), ("路由器", "router")]),
            new("8528", ["852852", "852872"], [("显示器", "monitor"), ("电视机", "television")]),
            new("8541", ["854142", "854143", "854141"], [("太阳能电池", "solar cell"), ("光伏组件", "solar panel"), ("发光二极管", "LED chip")]),
            new("8544", ["854442", "854449"], [("电缆", "cable"), ("电线", "wire harness")]),
        ]),
        new("61", 1.5, ["OEKO-TEX", "BSCI", "GOTS"],
        [
            new("6109", ["610910", "610990"], [("棉质T恤", "cotton t-shirt"), ("针织背心", "knitted vest")]),
            new("6110", ["611020", "611030"], [("毛衣", "sweater"), ("卫衣", "hoodie")]),
            new("6104", ["610443", "610462"], [("连衣裙", "dresses"), ("针织长裤", "knitted trousers")]),
            new("6115", ["611595", "611596"], [("袜子", "socks"), ("连裤袜", "pantyhose")]),
        ]),
        new("62", 1.5, ["OEKO-TEX", "BSCI", "GOTS"],
        [
            new("6203", ["620342", "620343"], [("男士西裤", "men's trousers"), ("牛仔裤", "jeans")]),
            new("6204", ["620462", "620442"], [("女装", "women's dresses"), ("女士长裤", "women's trousers")]),
            new("6205", ["620520", "620530"], [("衬衫", "shirts"), ("正装衬衫", "dress shirt")]),
            new("6211", ["621133", "621143"], [("运动服", "sportswear"), ("滑雪服", "ski suit")]),
        ]),
        new("94", 1.5, ["FSC", "ISO 9001", "BIFMA"],
        [
            new("9401", ["940130", "940161", "940171"], [("办公椅", "office chair"), ("沙发", "sofa"), ("户外椅", "outdoor chair")]),
            new("9403", ["940330", "940360", "940350"], [("办公家具", "office furniture"), ("实木家具", "solid wood furniture"), ("卧室家具", "bedroom furniture")]),
            new("9405", ["940542", "940511"], [("LED灯具", "LED lamp"), ("吊灯", "chandelier")]),
            new("9404", ["940421", "940429"], [("床垫", "mattress"), ("乳胶床垫", "latex mattress")]),
        ]),
        new("39", 1.0, ["ISO 9001", "FDA", "SGS"],
        [
            new("3923", ["392321", "392330"], [("塑料袋", "plastic bags"), ("塑料瓶", "plastic bottles")]),
            new("3926", ["392690", "392610"], [("塑料制品", "plastic parts"), ("注塑件", "injection molding")]),
            new("3901", ["390110", "390120"], [("聚乙烯", "polyethylene"), ("塑料颗粒", "plastic pellets")]),
            new("3917", ["391732", "391740"], [("塑料管", "plastic pipe"), ("管件", "pipe fittings")]),
        ]),
        new("73", 1.0, ["ISO 9001", "CE"],
        [
            new("7318", ["731815", "731816"], [("螺栓", "bolts"), ("螺母", "nuts"), ("紧固件", "fasteners")]),
            new("7308", ["730890", "730820"], [("钢结构", "steel structure"), ("脚手架", "scaffolding")]),
            new("7323", ["732393", "732394"], [("不锈钢厨具", "stainless steel cookware"), ("锅具", "pots and pans")]),
            new("7326", ["732690", "732620"], [("金属制品", "metal parts"), ("钢丝制品", "wire products")]),
        ]),
        new("87", 1.2, ["ISO/TS 16949", "E-Mark", "DOT", "CE"],
        [
            new("8708", ["870830", "870899", "870840"], [("刹车片", "brake pads"), ("汽车配件", "auto parts"), ("变速箱", "gearbox")]),
            new("8711", ["871160", "871120"], [("电动自行车", "electric bicycle"), ("摩托车", "motorcycle")]),
            new("8714", ["871493", "871499"], [("自行车零件", "bicycle parts"), ("轮毂", "wheel hub")]),
            new("8703", ["870380", "870340"], [("电动汽车", "electric vehicle"), ("混合动力汽车", "hybrid car")]),
        ]),
        new("90", 0.8, ["ISO 13485", "CE", "FDA"],
        [
            new("9018", ["901890", "901831"], [("医疗器械", "medical devices"), ("注射器", "syringes")]),
            new("9027", ["902780", "902750"], [("分析仪器", "analytical instrument"), ("光谱仪", "spectrometer")]),
            new("9025", ["902519", "902511"], [("温度计", "thermometer"), ("红外测温仪", "infrared thermometer")]),
            new("9013", ["901380", "901320"], [("激光器", "laser"), ("光学元件", "optical components")]),
        ]),
        new("95", 0.8, ["EN 71", "ASTM F963", "CE"],
        [
            new("9503", ["950300"], [("毛绒玩具", "plush toys"), ("益智玩具", "educational toys"), ("积木", "building blocks")]),
            new("9506", ["950691", "950662"], [("健身器材", "fitness equipment"), ("瑜伽垫", "yoga mat")]),
            new("9504", ["950450", "950440"], [("游戏机", "game console"), ("扑克牌", "playing cards")]),
        ]),
        new("09", 0.5, ["HACCP", "ISO 22000", "Organic", "FDA"],
        [
            new("0902", ["090210", "090230"], [("绿茶", "green tea"), ("红茶", "black tea"), ("乌龙茶", "oolong tea")]),
            new("0901", ["090121", "090111"], [("咖啡豆", "coffee beans"), ("烘焙咖啡", "roasted coffee")]),
            new("0904", ["090411", "090421"], [("黑胡椒", "black pepper"), ("辣椒", "chili")]),
            new("0910", ["091011", "091030"], [("生姜", "ginger"), ("姜黄", "turmeric")]),
        ]),
        new("20", 0.5, ["HACCP", "ISO 22000", "FDA", "Halal"],
        [
            new("2009", ["200911", "200971"], [("橙汁", "orange juice"), ("苹果汁", "apple juice")]),
            new("2008", ["200819", "200811"], [("坚果", "roasted nuts"), ("花生", "peanuts")]),
            new("2005", ["200599", "200570"], [("蔬菜罐头", "canned vegetables"), ("橄榄", "olives")]),
            new("2007", ["200799", "200791"], [("果酱", "fruit jam"), ("柑橘酱", "marmalade")]),
        ]),
    ];

    private static readonly double TotalPopularity = Chapters.Sum(c => c.Popularity);
}
