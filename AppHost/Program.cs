using Platform.AppHost;
using Platform.Hosting;

try
{
    var builder = DistributedApplication.CreateBuilder(args);
    PlatformGraph.Declare(builder);
    await using var app = builder.Build();
    return await app.RunAsync();
}
catch (Exception e)
{
    return HostingErrors.Report(e, Console.Error);
}
