using Platform.Evaluation.Apis;
using Platform.Evaluation.Extensions;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEvaluationApi();
app.Run();
