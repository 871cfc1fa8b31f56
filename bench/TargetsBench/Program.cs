using System.Globalization;
using Platform.Bench.Targets;

// TargetsBench generate --out DIR [--sets 35000 --indicators 130000 --year 2027]
//   writes the import file(s) and prints what they hold (to look at or to import by hand).
// TargetsBench run --gateway URL --postgres CONNECTION-STRING --work DIR [--targets URL] …
//   the whole benchmark against a running platform in demo mode (bench/targets.sh starts one); the demo users'
//   password comes in BENCH_DEMO_PASSWORD, the database's in PGPASSWORD (kept off the command line).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    var options = Options.Parse(args.Skip(1));
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    switch (args.FirstOrDefault())
    {
        case "generate":
            var files = ImportFile.Write(options.Required("out"), "targets", options.Int("sets", 35_000), options.Int("indicators", 130_000),
                options.Int("year", 2027), options.Long("max-file-bytes", TargetsBench.DefaultMaxFileBytes), options.Int("seed", 20270101));
            Console.WriteLine(files.Describe());
            foreach (var part in files.Parts)
            {
                Console.WriteLine($"  {part.Path}: {part.Sets} sets, {part.Indicators} indicators, {part.Bytes / 1048576.0:0.0} MB");
            }
            return 0;
        case "run":
            return await new TargetsBench(options).RunAsync(stop.Token);
        default:
            Console.Error.WriteLine("usage: TargetsBench generate --out DIR | run --gateway URL --postgres CS --work DIR [--targets URL]");
            return 2;
    }
}
catch (BenchException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}

/// <summary>--name value pairs.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        foreach (var arg in args)
        {
            if (name is null)
            {
                name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : throw new BenchException($"unexpected argument '{arg}'");
            }
            else
            {
                values[name] = arg;
                name = null;
            }
        }
        return name is null ? new Options(values) : throw new BenchException($"--{name} needs a value");
    }

    public string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new BenchException($"--{name} is required");

    public string? Optional(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public long Long(string name, long fallback) => values.TryGetValue(name, out var value) ? long.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
