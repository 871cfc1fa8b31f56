using System.Text.Json;
using Platform.Contracts.Json;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Redis;
using Platform.Targets.Model;
using StackExchange.Redis;

namespace Platform.Targets.Infrastructure;

/// <summary>
/// The published indicator library of a region (its own entries and its city's and province's) cached in Redis under
/// a key made of the three regions' version counters; publishing or retiring an entry bumps its region's counter, so
/// every region below sees the change on its next read. Without Redis every read goes to the database.
/// </summary>
public sealed partial class LibraryCache(RedisConnection redis, ILogger<LibraryCache> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public async Task<IReadOnlyList<LibraryEntryDto>> GetPublishedAsync(string regionCode, Func<Task<List<LibraryEntryDto>>> load)
    {
        var regions = Regions.SelfAndAncestors(regionCode);
        IDatabase? database = null;
        RedisKey key = default;
        try
        {
            if (redis.TryGet(out var multiplexer) && multiplexer.IsConnected)
            {
                database = multiplexer.GetDatabase();
                var versions = await database.StringGetAsync([.. regions.Select(VersionKey)]);
                key = $"targets:library:{regionCode}:{string.Join('.', versions.Select(v => v.IsNull ? "0" : (string)v!))}";
                var cached = await database.StringGetAsync(key);
                if (cached.HasValue)
                {
                    return JsonSerializer.Deserialize<List<LibraryEntryDto>>((string)cached!, ApiJson.Options)!;
                }
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogUnavailable(logger, ex.Message);
            database = null;
        }
        var entries = await load();
        if (database is not null)
        {
            try
            {
                await database.StringSetAsync(key, JsonSerializer.Serialize(entries, ApiJson.Options), Lifetime);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogUnavailable(logger, ex.Message);
            }
        }
        return entries;
    }

    /// <summary>
    /// Invalidates the cached library of <paramref name="regionCode"/> and the regions below it. When Redis is down
    /// the entries cached before expire on their own (at most <see cref="Lifetime"/>).
    /// </summary>
    public async Task BumpAsync(string regionCode)
    {
        try
        {
            if (redis.TryGet(out var multiplexer) && multiplexer.IsConnected)
            {
                await multiplexer.GetDatabase().StringIncrementAsync(VersionKey(regionCode));
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogUnavailable(logger, ex.Message);
        }
    }

    private static RedisKey VersionKey(string regionCode) => $"targets:library:version:{regionCode}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indicator library cache unavailable, reading the database: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
