using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Platform.Identity.Oidc.Keys;

/// <summary>
/// The Data Protection key ring in identitydb (<c>data_protection_keys</c>), so every identity replica reads and
/// writes the same keys: cookies, anti-forgery tokens and the signing keys' private parts protected on one replica
/// are readable on all. (There is no EF Core Data Protection package in our registry; this is its few lines.)
/// </summary>
public sealed class DataProtectionKeyRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    /// <summary>Advisory lock serialising the creation of the first key across replicas ("OIDCDPKY").</summary>
    public const long AdvisoryLockKey = 0x4F49_4443_4450_4B59;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Makes sure the ring has a key usable now before the replica serves anything, under an advisory lock, so replicas
    /// starting together on an empty database agree on one key instead of each creating its own.
    /// </summary>
    public async Task EnsureDefaultKeyAsync(IKeyManager keyManager, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            // Data Protection keeps its own clock; its keys live 90 days and are renewed 2 days before they expire.
            var now = DateTimeOffset.UtcNow;
            var usable = keyManager.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2));
            if (!usable)
            {
                keyManager.CreateNewKey(now, now.AddDays(90));
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
