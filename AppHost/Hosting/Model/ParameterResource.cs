using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Platform.Hosting.Data;

namespace Platform.Hosting;

/// <summary>
/// A named value handed to resources (Aspire's <c>AddParameter</c>): configuration <c>Parameters:&lt;name&gt;</c> when
/// given, otherwise — for a secret or a parameter with a generated default — generated once into the data folder's
/// <c>secrets.json</c> and reused by every later run. Known only once the application starts. Secret values are
/// masked wherever the AppHost shows configuration or logs. Not a node of the graph: nothing runs or waits for it.
/// </summary>
public sealed partial class ParameterResource
{
    private string? _value;

    internal ParameterResource(string name, bool secret, GenerateParameterDefault? generate)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Parameter name '{name}' must start with a letter and use only letters, digits, '-' and '_'.", nameof(name));
        }
        Name = name;
        Secret = secret;
        Default = generate ?? (secret ? new GenerateParameterDefault() : null);
    }

    public string Name { get; }

    public bool Secret { get; }

    /// <summary>How the value is generated when configuration has none; null = configuration must give it.</summary>
    public GenerateParameterDefault? Default { get; }

    /// <summary>The configuration key that overrides the generated value.</summary>
    public string ConfigurationKey => $"Parameters:{Name}";

    public bool HasValue => _value is not null;

    public string Value => _value ?? throw new InvalidOperationException($"Parameter '{Name}' has no value until the application starts.");

    public override string ToString() => Name;

    /// <summary>Takes the configured value, else the stored or newly generated one; fails with the key to set when there is neither.</summary>
    internal void Resolve(IConfiguration configuration, SecretStore secrets)
    {
        _value = Resolve(Name, configuration, secrets, Default);
    }

    /// <summary>The one rule for generated values (also the embedded servers' passwords): configuration first, then secrets.json.</summary>
    internal static string Resolve(string name, IConfiguration configuration, SecretStore secrets, GenerateParameterDefault? generate)
    {
        if (configuration[$"Parameters:{name}"] is { Length: > 0 } configured)
        {
            return configured;
        }
        if (generate is null)
        {
            throw new HostingException($"缺少参数 {name}：请在配置中设置 Parameters:{name} (如命令行 --Parameters:{name}=… 或环境变量 Parameters__{name})");
        }
        return secrets.GetOrCreate(name, generate.Generate);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();
}
