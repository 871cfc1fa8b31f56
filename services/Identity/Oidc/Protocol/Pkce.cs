using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Identity.Oidc.Protocol;

/// <summary>Proof Key for Code Exchange (RFC 7636), S256 only.</summary>
public static partial class Pkce
{
    public const string S256 = "S256";

    /// <summary>A challenge is the base64url SHA-256 of a verifier: exactly 43 characters.</summary>
    public static bool IsWellFormedChallenge(string? challenge) => challenge is not null && ChallengePattern().IsMatch(challenge);

    /// <summary>A verifier is 43 to 128 unreserved characters (RFC 7636 §4.1).</summary>
    public static bool IsWellFormedVerifier(string? verifier) => verifier is not null && VerifierPattern().IsMatch(verifier);

    public static string ChallengeOf(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static bool Matches(string? verifier, string challenge) =>
        IsWellFormedVerifier(verifier)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ChallengeOf(verifier!)), Encoding.ASCII.GetBytes(challenge));

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex ChallengePattern();

    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$")]
    private static partial Regex VerifierPattern();
}
