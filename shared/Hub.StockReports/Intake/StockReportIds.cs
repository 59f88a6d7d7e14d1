using System.Security.Cryptography;
using System.Text;

namespace Hub.StockReports.Intake;

/// <summary>A report's id comes from its operator and its bytes, so the same file is the same report however it arrives.</summary>
public static class StockReportIds
{
    public static string For(string operatorId, string sha256Hex) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{operatorId}\n{sha256Hex}")))[..32];
}
