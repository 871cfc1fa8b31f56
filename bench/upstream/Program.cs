using System.Text;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

// Serialised once: the benchmark measures the proxies, not JSON serialisation in the backend.
var body = Encoding.UTF8.GetBytes("""{"code":"140000","name":"山西省","level":"province","budget":1234567.89,"ok":true}""");
app.MapGet("/api/bench/ping", (HttpContext context) =>
{
    context.Response.ContentType = "application/json; charset=utf-8";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});

app.Run();
