using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Platform.Hosting;

/// <summary>
/// Free loopback TCP ports. The OS hands out an unused ephemeral port; this process never hands the same one out
/// twice, so two resources started at the same moment cannot be given one port.
/// </summary>
public static class PortAllocator
{
    private static readonly ConcurrentDictionary<int, byte> Handed = new();

    public static int Next()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (Handed.TryAdd(port, 0) || attempt > 50)
            {
                return port;
            }
        }
    }

    /// <summary>Whether something already listens on the loopback port.</summary>
    public static bool IsInUse(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
