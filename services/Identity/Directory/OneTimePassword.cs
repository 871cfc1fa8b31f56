using System.Security.Cryptography;

namespace Platform.Identity.Directory;

/// <summary>
/// Passwords an administrator hands over once (new account, reset): random, 16 characters, at least one of each
/// class the password policy asks for, without look-alikes (0/O, 1/l/I) since people copy them by hand.
/// </summary>
public static class OneTimePassword
{
    public const int Length = 16;

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!@#$%^&*-_=+?";

    private static readonly string[] Classes = [Upper, Lower, Digits, Symbols];
    private static readonly string All = string.Concat(Classes);

    public static string Generate()
    {
        var chars = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            // The first characters guarantee every class; the shuffle below hides where they are.
            var pool = i < Classes.Length ? Classes[i] : All;
            chars[i] = pool[RandomNumberGenerator.GetInt32(pool.Length)];
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
