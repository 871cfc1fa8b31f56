using Platform.Gateway;

var builder = WebApplication.CreateBuilder(args);
var app = GatewayApp.Build(builder);
app.Run();
