using System.Diagnostics.CodeAnalysis;

namespace Hub.Core.Auth;

public enum KeyRole { Admin, Reader, Platform, Operator, Organiser, Partner }

/// <summary>What an API key may see: everything (admin, reader) or one platform, operator, expo or partner.</summary>
public sealed record KeyScope(KeyRole Role, string? Id)
{
    public static KeyScope Admin { get; } = new(KeyRole.Admin, null);
    public static KeyScope Reader { get; } = new(KeyRole.Reader, null);

    public bool SeesEverything => Role is KeyRole.Admin or KeyRole.Reader;

    /// <summary>True for admin and reader, and for the key scoped to exactly this role and id.</summary>
    public bool CanRead(KeyRole role, string id) => SeesEverything || (Role == role && Id == id);

    public static bool TryParse(string? text, [NotNullWhen(true)] out KeyScope? scope)
    {
        scope = null;
        if (text is null) return false;
        if (text == "admin") { scope = Admin; return true; }
        if (text == "reader") { scope = Reader; return true; }
        var colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        KeyRole? role = text[..colon] switch
        {
            "platform" => KeyRole.Platform,
            "operator" => KeyRole.Operator,
            "organiser" => KeyRole.Organiser,
            "partner" => KeyRole.Partner,
            _ => null,
        };
        if (role is null) return false;
        scope = new KeyScope(role.Value, text[(colon + 1)..]);
        return true;
    }

    public override string ToString() => Id is null ? Role.ToString().ToLowerInvariant() : $"{Role.ToString().ToLowerInvariant()}:{Id}";
}
