namespace Platform.ServiceDefaults.Tests;

public sealed class ServiceInfoTests
{
    [Fact]
    public void Resource_attributes_are_parsed_and_percent_decoded()
    {
        var attributes = ServiceInfo.ParseResourceAttributes("service.instance.id=projects-1-x9, deployment.environment=%E7%9C%81%E7%BA%A7");

        Assert.Equal("projects-1-x9", attributes["service.instance.id"]);
        Assert.Equal("省级", attributes["deployment.environment"]);
    }

    [Fact]
    public void Malformed_pairs_are_skipped() =>
        Assert.Empty(ServiceInfo.ParseResourceAttributes("novalue,=x,"));

    [Fact]
    public void Instance_id_comes_from_the_orchestrator_when_given()
    {
        var builder = TestApp.CreateBuilder(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "targets",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=targets-2-77",
        });

        var info = ServiceInfo.From(builder.Configuration, builder.Environment);

        Assert.Equal(("targets", "targets-2-77"), (info.Name, info.InstanceId));
    }

    [Fact]
    public void Instance_id_falls_back_to_machine_and_process()
    {
        var builder = TestApp.CreateBuilder();

        var info = ServiceInfo.From(builder.Configuration, builder.Environment);

        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", info.InstanceId);
    }
}
