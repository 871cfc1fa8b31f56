using Platform.Hosting;

namespace Platform.Testing;

/// <summary>A free loopback TCP port, never the same one twice in this test process.</summary>
public static class FreePort
{
    public static int Next() => PortAllocator.Next();
}
