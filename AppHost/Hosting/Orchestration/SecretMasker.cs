using System.Text.RegularExpressions;

namespace Platform.Hosting.Orchestration;

/// <summary>
/// Hides secrets wherever the AppHost shows configuration (dashboard, JSON API, console): variables named like a
/// secret, passwords inside connection strings and URLs, and any known generated secret wherever it appears.
/// </summary>
public static partial class SecretMasker
{
    public const string Mask = "******";

    private static readonly string[] SecretNameParts = ["PASSWORD", "SECRET", "TOKEN", "KEY", "PWD"];

    public static bool IsSecretName(string name)
    {
        var upper = name.ToUpperInvariant();
        return SecretNameParts.Any(upper.Contains);
    }

    public static string MaskValue(string name, string value, IEnumerable<string>? knownSecrets = null)
    {
        if (IsSecretName(name))
        {
            return Mask;
        }
        return MaskText(value, knownSecrets);
    }

    /// <summary>Masks passwords inside connection strings and URLs in free text, then any known secret.</summary>
    public static string MaskText(string text, IEnumerable<string>? knownSecrets = null)
    {
        var masked = KeyValuePassword().Replace(text, m => m.Groups["key"].Value + Mask);
        masked = UrlPassword().Replace(masked, m => m.Groups["user"].Value + ":" + Mask + "@");
        foreach (var secret in knownSecrets ?? [])
        {
            if (secret.Length >= 6)
            {
                masked = masked.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        return masked;
    }

    public static IReadOnlyDictionary<string, string> MaskEnvironment(IReadOnlyDictionary<string, string> environment, IEnumerable<string>? knownSecrets = null)
    {
        var secrets = knownSecrets?.ToList();
        return environment.ToDictionary(e => e.Key, e => MaskValue(e.Key, e.Value, secrets), StringComparer.Ordinal);
    }

    // Npgsql "Password=…;" and StackExchange.Redis "password=…," (also Pwd / quoted values).
    [GeneratedRegex(@"(?<key>\b(?:password|pwd)\s*=\s*)(?:""[^""]*""|'[^']*'|[^;,\s]*)", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValuePassword();

    // scheme://user:password@host
    [GeneratedRegex(@"(?<user>[a-z][a-z0-9+.-]*://[^:/@\s]*):[^@/\s]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPassword();
}
