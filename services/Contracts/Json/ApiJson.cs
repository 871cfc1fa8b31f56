using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Contracts.Json;

/// <summary>
/// The one JSON dialect of the platform's APIs: web defaults (camelCase, case-insensitive reading, numbers from
/// strings) and enums as their names. Services apply it to their endpoints, typed clients use it to talk to them.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = CreateReadOnly();

    /// <summary>Applies the platform's settings to options someone else owns (e.g. ASP.NET Core's JsonOptions).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter());
        }
    }

    private static JsonSerializerOptions CreateReadOnly()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
