using System.Net;
using System.Net.Sockets;
using Platform.Hosting;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>What an operator reads when something is wrong: one line with the cause and the fix.</summary>
public sealed class OperatorErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_missing_tool_names_the_apt_package_to_install()
    {
        var error = Assert.Throws<PrerequisiteMissingException>(() => Prerequisites.Require("no-such-tool-7c1f", "no-such-package"));
        Assert.Equal("未找到 no-such-tool-7c1f：请先安装，运行 sudo apt-get install -y no-such-package", error.Message);
    }

    [Fact]
    public async Task A_busy_dashboard_port_stops_the_start_with_the_fix()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(
            b => b.AddExecutable("idle", "sleep", Path.GetTempPath(), "300"),
            o =>
            {
                o.EnableDashboard = true;
                o.Configuration[HostingConfigKeys.DashboardPort] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            },
            Ct);
        await using var app = await builder.BuildAsync(Ct);

        var error = await Assert.ThrowsAsync<HostingException>(() => app.StartAsync(Ct));

        Assert.Contains($"仪表板端口 {port} 已被占用", error.Message);
        Assert.Contains("--Dashboard:Port=0", error.Message);
    }

    [Fact]
    public async Task A_busy_fixed_service_port_stops_the_start_with_the_fix()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(
            b => b.AddProject("web", TestSupport.Fixture).WithHttpEndpoint(port: port), ct: Ct);
        await using var app = await builder.BuildAsync(Ct);

        var error = await Assert.ThrowsAsync<HostingException>(() => app.StartAsync(Ct));

        Assert.Contains($"端口 {port} (web) 已被占用", error.Message);
    }

    [Fact]
    public async Task A_missing_executable_fails_to_start_with_the_reason()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b => b.AddExecutable("tool", "no-such-tool-7c1f", Path.GetTempPath()), ct: Ct);
        await using var app = await builder.BuildAsync(Ct);
        await app.StartAsync(Ct);

        var snapshot = await app.WaitForResourceAsync("tool", KnownResourceStates.FailedToStart, Ct);

        Assert.Contains("未找到可执行文件 no-such-tool-7c1f", snapshot.Reason);
        Assert.Contains("tool 启动失败", app.Output);
    }

    [Fact]
    public async Task An_external_postgres_is_not_started_but_still_gets_its_databases()
    {
        await using var server = await TestDatabase.CreateAsync("external_probe", Ct);
        var database = $"ext_{Guid.NewGuid():N}"[..16];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(
            b => b.AddPostgres("postgres").AddDatabase("extdb", database),
            o => o.Configuration["ConnectionStrings:postgres"] = server.ServerConnectionString,
            Ct);
        await using (var app = await builder.BuildAsync(Ct))
        {
            await app.StartAsync(Ct);
            await app.WaitForResourceHealthyAsync("extdb", Ct);

            var postgres = app.ResourceNotifications.GetSnapshot("postgres");
            Assert.True(postgres.IsExternal);
            Assert.Null(postgres.Replicas[0].Pid);
            Assert.Equal(server.ServerConnectionString, await app.GetConnectionStringAsync("postgres", Ct));
        }
        await Hosting.Infrastructure.EmbeddedPostgres.DropDatabaseAsync(server.ServerConnectionString, database, Ct);
    }
}
