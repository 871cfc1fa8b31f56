using Platform.Gateway;

GatewayApp.PrepareProcess();
var builder = WebApplication.CreateBuilder(args);
var app = GatewayApp.Build(builder);
app.Run();
