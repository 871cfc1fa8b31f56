using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Identity.Oidc.Protocol;

/// <summary>Random handles (codes, refresh tokens, session ids) and the hashes they are stored under.</summary>
public static class Secrets
{
    /// <summary>A base64url string of <paramref name="bytes"/> random bytes (32 bytes: 256 bits, 43 characters).</summary>
    public static string NewHandle(int bytes = 32) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>Lower-case hex SHA-256 of the handle: what the database keeps instead of the handle itself.</summary>
    public static string Hash(string handle) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(handle)));
}
