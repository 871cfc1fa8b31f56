using System.Text.Json;

namespace Platform.Hosting.Data;

/// <summary>
/// Generated secrets (database and cache passwords, later client secrets and signing material) kept in
/// <c>secrets.json</c> in the data folder, readable by its owner only, so a second run reuses them.
/// </summary>
public sealed class SecretStore
{
    private readonly string _path;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, string> _values;

    public SecretStore(string path)
    {
        _path = path;
        _values = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? []
            : [];
    }

    /// <summary>The stored value, or a new one from <paramref name="generate"/> (a 24-character password by default), saved at once.</summary>
    public string GetOrCreate(string name, Func<string>? generate = null)
    {
        lock (_sync)
        {
            if (_values.TryGetValue(name, out var existing))
            {
                return existing;
            }
            var value = (generate ?? (() => SecretGenerator.Password()))();
            _values[name] = value;
            Save();
            return value;
        }
    }

    /// <summary>Every stored value, for masking wherever text is shown.</summary>
    public IReadOnlyList<string> Values
    {
        get
        {
            lock (_sync)
            {
                return [.. _values.Values];
            }
        }
    }

    private void Save()
    {
        var temporary = _path + ".tmp";
        // Created empty with owner-only rights before anything secret is written into it.
        File.WriteAllText(temporary, "");
        UnixFiles.SetMode(temporary, UnixFiles.OwnerOnly);
        File.WriteAllText(temporary, JsonSerializer.Serialize(_values, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, _path, overwrite: true);
    }
}
