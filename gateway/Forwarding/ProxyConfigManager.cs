using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Platform.ServiceDefaults.Hosting;

namespace Platform.Gateway.Forwarding;

/// <summary>
/// Owns the current <see cref="ProxySnapshot"/>. The first load throws on invalid configuration (the
/// gateway must not start half-configured); later reloads, triggered by configuration changes, log the
/// error and keep serving the last good snapshot, as YARP does.
/// </summary>
public sealed class ProxyConfigManager : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly IAuthorizationPolicyProvider _policies;
    private readonly ILogger<ProxyConfigManager> _logger;
    private readonly Lock _gate = new();
    private IDisposable? _watch;
    private ProxySnapshot? _current;

    public ProxyConfigManager(
        IConfiguration configuration, IOptionsMonitor<GatewayOptions> options,
        IAuthorizationPolicyProvider policies, ILogger<ProxyConfigManager> logger)
    {
        _configuration = configuration;
        _options = options;
        _policies = policies;
        _logger = logger;
    }

    /// <summary>Raised after a new snapshot replaced the previous one.</summary>
    public event Action<ProxySnapshot>? Changed;

    public ProxySnapshot Current
    {
        get
        {
            if (Volatile.Read(ref _current) is { } snapshot)
            {
                return snapshot;
            }

            lock (_gate)
            {
                if (_current is null)
                {
                    try
                    {
                        _current = Build(previous: null);
                    }
                    catch (ProxyConfigException ex)
                    {
                        throw new StartupRefusedException($"Invalid gateway configuration: {ex.Message}", ex);
                    }

                    _watch = ChangeToken.OnChange(_configuration.GetReloadToken, Reload);
                }

                return _current;
            }
        }
    }

    private ProxySnapshot Build(ProxySnapshot? previous) =>
        new ProxyConfigLoader(_configuration, _policies, _logger).Load(previous, _options.CurrentValue.MaxRequestBodySize);

    private void Reload()
    {
        ProxySnapshot next;
        lock (_gate)
        {
            try
            {
                next = Build(_current);
            }
            catch (ProxyConfigException ex)
            {
                GatewayLog.ConfigReloadRejected(_logger, ex.Message);
                return;
            }

            _current = next;
        }

        GatewayLog.ConfigReloaded(_logger, next.Routes.Count, next.Clusters.Count);
        Changed?.Invoke(next);
    }

    public void Dispose() => _watch?.Dispose();
}
