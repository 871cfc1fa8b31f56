using Platform.Vendors.Apis;
using Platform.Vendors.Extensions;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapVendorsApi();
app.Run();
