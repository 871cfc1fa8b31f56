using System.Security.Cryptography;

namespace Platform.Hosting;

/// <summary>Generated passwords: letters and digits only, so they need no quoting in connection strings or config files.</summary>
public static class SecretGenerator
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string Password(int length = 24) => RandomNumberGenerator.GetString(Alphabet, length);
}
