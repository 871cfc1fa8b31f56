using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;

namespace Platform.Bench.Targets;

/// <summary>
/// The four figures of issue 4's "Scale" item against a running platform: import of a county's year of target sets
/// (and a raw COPY of the same rows as its peer), bulk approval of 1,000 sets, and the review list's latency under a
/// few concurrent clients (and the same requests straight at the service as its peer). Everything goes through the
/// gateway as demo users signed in over OIDC, except the raw COPY, which is the database alone.
/// </summary>
internal sealed class TargetsBench(Options options)
{
    /// <summary>The gateway's limit for <c>targets-imports</c> is 40 MB of request body; a part stays 1 MB under it for the multipart framing.</summary>
    public const long DefaultMaxFileBytes = 39L * 1024 * 1024;

    private const string SetsPath = "/api/targets/sets";

    private readonly string _region = options.Optional("region") ?? "140322";
    private readonly int _sets = options.Int("sets", 35_000);
    private readonly int _indicators = options.Int("indicators", 130_000);
    private readonly int _year = options.Int("year", 2027);
    private readonly int _bulk = options.Int("bulk", 1000);
    private readonly int _requests = options.Int("requests", 400);
    private readonly int _clients = options.Int("clients", 4);
    private readonly int _maxPage = options.Int("max-page", 100);
    private readonly string _password = Environment.GetEnvironmentVariable("BENCH_DEMO_PASSWORD") is { Length: > 0 } password
        ? password : throw new BenchException("BENCH_DEMO_PASSWORD (the demo users' password) is not set");
    private readonly string _postgres = options.Required("postgres");
    private readonly string _work = options.Required("work");
    private readonly Uri _gateway = new(options.Required("gateway"));
    private readonly Uri? _targets = options.Optional("targets") is { Length: > 0 } direct ? new Uri(direct) : null;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        using var http = Client(_gateway);
        var files = ImportFile.Write(_work, "targets", _sets, _indicators, _year, options.Long("max-file-bytes", DefaultMaxFileBytes), seed: 20270101);
        // A small import of the year before warms up the import, submit and bulk-review paths (JIT, pools, caches);
        // the review list's year filter mostly leaves its sets out.
        var warmup = ImportFile.Write(_work, "warmup", 40, 150, _year - 1, DefaultMaxFileBytes, seed: 20260101);
        Console.WriteLine($"loaded volume: region {_region} files {files.Describe()}; 3–5 indicators per set with at least one 产出 and one 效益, " +
            "points summing to exactly 100.00 per set, amounts in 元; qualitative indicators get the import's default bands (the format has no band columns)");

        var filer = await Api.SignInAsync(http, _gateway, $"{_region}.unit-filer", _password, ct);
        var reviewer = await Api.SignInAsync(http, _gateway, $"{_region}.department-filer", _password, ct);
        // The dashboard shows the connection string with the password masked; PGPASSWORD carries it.
        var connection = new NpgsqlConnectionStringBuilder(_postgres) { CommandTimeout = 300 };
        connection.Password = Environment.GetEnvironmentVariable("PGPASSWORD") ?? connection.Password;
        await using var database = new NpgsqlConnection(connection.ConnectionString);
        await database.OpenAsync(ct);

        // Warm-up (untimed): the same operations on the warm-up file.
        await ImportAsync(filer, warmup, ct);
        await CreateScratchAsync(database, ct);
        await RawCopyAsync(database, warmup, ct);
        var warmSets = await IdsAsync(filer, _year - 1, TargetSetStates.Draft, 20, ct);
        await SubmitAsync(filer, warmSets, ct);
        await BulkApproveAsync(reviewer, [.. warmSets.Select(s => s.Id)], ct);

        // The raw COPY first, on an idle server; each timed write starts after a checkpoint so neither pays for the
        // other's dirty pages. The COPY is short and the machine may be shared: the median of three runs.
        var copyTimes = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            await ExecuteAsync(database, "TRUNCATE bench_raw_copy", ct);
            await ExecuteAsync(database, "CHECKPOINT", ct);
            copyTimes.Add(await RawCopyAsync(database, files, ct));
            var copied = await ScalarAsync(database, "SELECT count(*) FROM bench_raw_copy", ct);
            if (copied != _indicators)
            {
                throw new BenchException($"the raw COPY wrote {copied} rows, expected {_indicators}");
            }
        }
        await ExecuteAsync(database, "DROP TABLE bench_raw_copy", ct);
        var copySeconds = copyTimes.Order().ElementAt(1);

        await ExecuteAsync(database, "CHECKPOINT", ct);
        var importTimes = await ImportAsync(filer, files, ct);
        var importSeconds = importTimes.Sum();
        await CheckImportedAsync(filer, database, ct);
        var split = importTimes.Count > 1
            ? $" (split into {importTimes.Count} files under the 40 MB upload limit, times summed: {string.Join(" + ", importTimes.Select(t => $"{t:0.00} s"))})"
            : " (one file, one request)";
        var tableCopyTimes = await TableCopyAsync(database, ct);
        var tableCopySeconds = tableCopyTimes.Order().ElementAt(1);
        Console.WriteLine($"import of {_indicators} indicators: {importSeconds:0.00} s (goal <= 10 s){split}");
        Console.WriteLine($"raw COPY of the CSV rows: {copySeconds:0.00} s (median of {string.Join(", ", copyTimes.Select(t => $"{t:0.00}"))} s: " +
            "COPY … FROM STDIN (FORMAT csv) of the same file(s) into one scratch table of typed columns, no index)");
        Console.WriteLine($"  import/CSV-COPY ratio: {importSeconds / copySeconds:0.00}");
        Console.WriteLine($"raw COPY of the same rows into the target tables: {tableCopySeconds:0.00} s (median of " +
            $"{string.Join(", ", tableCopyTimes.Select(t => $"{t:0.00}"))} s: the {_sets} sets, {_indicators} indicators and {_sets} audit rows the " +
            "import wrote, binary COPY FROM STDIN into copies of target_sets, indicators and audit_entries with the same indexes and foreign key)");
        var ratio = importSeconds / tableCopySeconds;
        Console.WriteLine($"import/COPY ratio: {ratio:0.00} (goal <= 3; against the COPY of the same rows into the target tables)");

        // 2 × 1,000 sets submitted (untimed): the first 1,000 are approved in bulk, the rest stay SUBMITTED so that the
        // review list's status filters find every kind of page.
        var drafts = await IdsAsync(filer, _year, TargetSetStates.Draft, 2 * _bulk, ct);
        var submitWatch = Stopwatch.StartNew();
        await SubmitAsync(filer, drafts, ct);
        Console.WriteLine($"  (setup) submitted {drafts.Count} sets as {filer.UserName} in {submitWatch.Elapsed.TotalSeconds:0.0} s, {_clients} in parallel");
        reviewer = await Api.SignInAsync(http, _gateway, $"{_region}.department-filer", _password, ct);
        await ExecuteAsync(database, "CHECKPOINT", ct);
        var bulk = await BulkApproveAsync(reviewer, [.. drafts.Take(_bulk).Select(s => s.Id)], ct);
        var reviewed = await reviewer.GetAsync<PagedResult<TargetSetSummaryDto>>($"{SetsPath}?year={_year}&status={TargetSetStates.DeptReviewed}&pageSize=1", ct);
        if (reviewed.Total != _bulk)
        {
            throw new BenchException($"after the bulk approval {reviewer.UserName} sees {reviewed.Total} {TargetSetStates.DeptReviewed} sets of {_year}, expected {_bulk}");
        }
        Console.WriteLine($"bulk approval of {_bulk} sets: {bulk.Seconds:0.00} s (goal <= 5 s) — POST {SetsPath}/bulk-review as {reviewer.UserName}, " +
            $"{bulk.Result.Succeeded} succeeded, {bulk.Result.Failed.Count} failed");

        var officer = await Api.SignInAsync(http, _gateway, $"{_region}.performance-officer", _password, ct);
        var list = await ReviewListAsync(officer, drafts[0].Id, ct);

        var passed = new[] { importSeconds <= 10, ratio <= 3, list.Gateway.P95 <= 200, bulk.Seconds <= 5 && bulk.Result.Succeeded == _bulk };
        Console.WriteLine(
            $"summary: import {importSeconds:0.00} s/10 s {Verdict(passed[0])} | import/COPY {ratio:0.00}/3 {Verdict(passed[1])} | " +
            $"review list p95 {list.Gateway.P95:0.0} ms/200 ms {Verdict(passed[2])} | bulk approval {bulk.Seconds:0.00} s/5 s {Verdict(passed[3])}");
        return 0;
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 32, UseCookies = false })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(10),
    };

    // ---- Import and its peer ----

    /// <summary>POSTs every part of <paramref name="files"/>; returns the wall time of each request, upload to answer.</summary>
    private static async Task<List<double>> ImportAsync(Api filer, ImportFiles files, CancellationToken ct)
    {
        var times = new List<double>();
        foreach (var part in files.Parts)
        {
            await using var stream = File.OpenRead(part.Path);
            using var content = new MultipartFormDataContent();
            var file = new StreamContent(stream, 1 << 16);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(file, "file", Path.GetFileName(part.Path));
            using var request = filer.Request(HttpMethod.Post, "/api/targets/imports", content);
            var watch = Stopwatch.StartNew();
            using var response = await filer.SendAsync(request, ct);
            var job = await filer.ReadAsync<ImportJobDto>(request, response, HttpStatusCode.OK, ct);
            watch.Stop();
            if (job.Status != ImportJobStatuses.Succeeded || job.Imported != part.Sets)
            {
                throw new BenchException($"import of {Path.GetFileName(part.Path)}: status {job.Status}, {job.Imported} sets imported, " +
                    $"expected {part.Sets}; errors: {string.Join("; ", job.Errors.Take(5).Select(e => $"row {e.Row} {e.Field}: {e.Message}"))}");
            }
            times.Add(watch.Elapsed.TotalSeconds);
        }
        return times;
    }

    private async Task CheckImportedAsync(Api filer, NpgsqlConnection database, CancellationToken ct)
    {
        var listed = await filer.GetAsync<PagedResult<TargetSetSummaryDto>>($"{SetsPath}?year={_year}&pageSize=1", ct);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM indicators i JOIN target_sets s ON s.id = i.set_id WHERE s.region_code = @region AND s.year = @year", database);
        command.Parameters.AddWithValue("region", _region);
        command.Parameters.AddWithValue("year", _year);
        var indicators = (long)(await command.ExecuteScalarAsync(ct))!;
        if (listed.Total != _sets || indicators != _indicators)
        {
            throw new BenchException($"after the import the list shows {listed.Total} sets of {_year} (expected {_sets}) and the database holds {indicators} indicators (expected {_indicators})");
        }
    }

    /// <summary>The file's columns with the types the import parses them into; no indexes or constraints (a raw COPY).</summary>
    private static Task CreateScratchAsync(NpgsqlConnection database, CancellationToken ct) => ExecuteAsync(database, """
        DROP TABLE IF EXISTS bench_raw_copy;
        CREATE TABLE bench_raw_copy (
            set_key text, owner_type text, project_id uuid, owner_name text, year integer, amount numeric(18,2), overall_goal text,
            level1 text, level2 text, name text, value_kind text, comparator text, target_value numeric(18,4), unit text,
            direction text, explanation text, data_source text, points numeric(7,2))
        """, ct);

    private static async Task<double> RawCopyAsync(NpgsqlConnection database, ImportFiles files, CancellationToken ct)
    {
        var buffer = new char[1 << 16];
        var watch = Stopwatch.StartNew();
        foreach (var part in files.Parts)
        {
            using var reader = new StreamReader(part.Path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            await using var writer = await database.BeginTextImportAsync("COPY bench_raw_copy FROM STDIN (FORMAT csv, HEADER true)", ct);
            int read;
            while ((read = await reader.ReadAsync(buffer, ct)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The database's own floor for what the import wrote: the imported rows, read back in binary, COPYed (three
    /// times, after a checkpoint each) into empty copies of the three tables with their indexes and the foreign key.
    /// </summary>
    private async Task<List<double>> TableCopyAsync(NpgsqlConnection database, CancellationToken ct)
    {
        var sets = $"SELECT * FROM target_sets WHERE region_code = '{_region}' AND year = {_year}";
        var sources = new (string Table, string Select)[]
        {
            ("target_sets", sets),
            ("indicators", $"SELECT i.* FROM indicators i JOIN ({sets}) s ON s.id = i.set_id"),
            ("audit_entries", $"SELECT a.* FROM audit_entries a JOIN ({sets}) s ON a.entity_id = s.id::text"),
        };
        var data = new List<byte[]>();
        foreach (var (_, select) in sources)
        {
            await using var buffer = new MemoryStream();
            await using (var reader = await database.BeginRawBinaryCopyAsync($"COPY ({select}) TO STDOUT (FORMAT binary)", ct))
            {
                await reader.CopyToAsync(buffer, ct);
            }
            data.Add(buffer.ToArray());
        }
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            await ExecuteAsync(database, """
                DROP TABLE IF EXISTS bench_indicators, bench_audit_entries, bench_target_sets;
                CREATE TABLE bench_target_sets (LIKE target_sets INCLUDING ALL);
                CREATE TABLE bench_indicators (LIKE indicators INCLUDING ALL,
                    FOREIGN KEY (set_id) REFERENCES bench_target_sets (id) ON DELETE CASCADE);
                CREATE TABLE bench_audit_entries (LIKE audit_entries INCLUDING ALL);
                CHECKPOINT;
                """, ct);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < sources.Length; i++)
            {
                // COPY FROM writes the given values of an identity column (audit_entries.id) as OVERRIDING SYSTEM VALUE does.
                await using var writer = await database.BeginRawBinaryCopyAsync($"COPY bench_{sources[i].Table} FROM STDIN (FORMAT binary)", ct);
                await writer.WriteAsync(data[i], ct);
            }
            times.Add(watch.Elapsed.TotalSeconds);
        }
        await ExecuteAsync(database, "DROP TABLE bench_indicators, bench_audit_entries, bench_target_sets", ct);
        return times;
    }

    private static async Task ExecuteAsync(NpgsqlConnection database, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, database) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection database, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, database);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    // ---- Submission and bulk approval ----

    /// <summary>The first <paramref name="count"/> sets of the year in a state, as the filer's list pages them (100 a page).</summary>
    private static async Task<List<TargetSetSummaryDto>> IdsAsync(Api filer, int year, string status, int count, CancellationToken ct)
    {
        var sets = new List<TargetSetSummaryDto>(count);
        for (var page = 1; sets.Count < count; page++)
        {
            var result = await filer.GetAsync<PagedResult<TargetSetSummaryDto>>($"{SetsPath}?year={year}&status={status}&pageSize=100&page={page}", ct);
            sets.AddRange(result.Items.Take(count - sets.Count));
            if (result.Items.Count < 100)
            {
                break;
            }
        }
        if (sets.Count < count)
        {
            throw new BenchException($"{filer.UserName} sees only {sets.Count} {status} sets of {year}, {count} needed");
        }
        return sets;
    }

    private async Task SubmitAsync(Api filer, List<TargetSetSummaryDto> sets, CancellationToken ct)
    {
        await Parallel.ForEachAsync(sets, new ParallelOptions { MaxDegreeOfParallelism = _clients, CancellationToken = ct }, async (set, token) =>
        {
            var submitted = await filer.PostAsync<TargetSetDto>($"{SetsPath}/{set.Id}/submit", new TargetSetTransitionRequest(null, set.Version), token);
            if (submitted.Status != TargetSetStates.Submitted)
            {
                throw new BenchException($"set {set.Id} is {submitted.Status} after submit");
            }
        });
    }

    private sealed record BulkOutcome(double Seconds, BulkReviewResultDto Result);

    private static async Task<BulkOutcome> BulkApproveAsync(Api reviewer, List<Guid> ids, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var result = await reviewer.PostAsync<BulkReviewResultDto>($"{SetsPath}/bulk-review", new BulkReviewRequest(ids, ReviewDecisions.Approve, null), ct);
        watch.Stop();
        if (result.Succeeded != ids.Count || result.Failed.Count > 0)
        {
            throw new BenchException($"bulk approval of {ids.Count} sets: {result.Succeeded} succeeded, {result.Failed.Count} failed, e.g. " +
                string.Join("; ", result.Failed.Take(5).Select(f => $"{f.Id} {f.Code}: {f.Message}")));
        }
        return new BulkOutcome(watch.Elapsed.TotalSeconds, result);
    }

    // ---- The review list ----

    private sealed record Latencies(int Count, double P50, double P95, double P99, double Max, IReadOnlyList<(double Ms, string Path)> Slowest)
    {
        public string Describe() => $"p50 {P50:0.0} ms, p95 {P95:0.0} ms, p99 {P99:0.0} ms, max {Max:0.0} ms";
    }

    private sealed record ListOutcome(Latencies Gateway, Latencies? Direct);

    /// <summary>
    /// GET /api/targets/sets with year, status, keyword, department, page and page size drawn per request. The distinct
    /// filter combinations are fetched once first (warm-up, and their totals bound the pages drawn: 1..min(last, max-page)).
    /// </summary>
    private async Task<ListOutcome> ReviewListAsync(Api officer, Guid anySet, CancellationToken ct)
    {
        var department = (await officer.GetAsync<TargetSetDto>($"{SetsPath}/{anySet}", ct)).DepartmentId;
        var otherDepartment = await OtherDepartmentAsync(officer, department, ct);
        var random = new Random(4);
        var filters = Enumerable.Range(0, _requests).Select(_ => Filter(random, department, otherDepartment)).ToList();
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var filter in filters.Distinct())
        {
            totals[filter.Query] = (await officer.GetAsync<PagedResult<TargetSetSummaryDto>>($"{SetsPath}?{filter.Query}&pageSize={filter.PageSize}", ct)).Total;
        }
        var requests = filters.Select(f =>
        {
            var last = Math.Clamp((totals[f.Query] + f.PageSize - 1) / f.PageSize, 1, _maxPage);
            return $"{SetsPath}?{f.Query}&pageSize={f.PageSize}&page={random.Next(1, last + 1)}";
        }).ToList();
        var empty = totals.Count(t => t.Value == 0);
        Console.WriteLine($"  (setup) review list: {requests.Count} requests as {officer.UserName} over {totals.Count} filter combinations " +
            $"({empty} of them match nothing), pages 1..min(last, {_maxPage}), pageSize 20/50, {_clients} concurrent clients, after one warm-up request per combination");

        var gateway = await MeasureAsync(officer, requests, ct);
        Console.WriteLine($"review list through the gateway: {gateway.Count} requests, {gateway.Describe()}");
        Console.WriteLine($"  slowest: {string.Join("; ", gateway.Slowest.Select(s => $"{s.Ms:0} ms {Uri.UnescapeDataString(s.Path[SetsPath.Length..])}"))}");
        Latencies? direct = null;
        if (_targets is not null)
        {
            using var http = Client(_targets);
            var atService = officer.On(http);
            await MeasureAsync(atService, requests.Take(Math.Max(50, _requests / 4)).ToList(), ct);
            direct = await MeasureAsync(atService, requests, ct);
            Console.WriteLine($"review list directly at the targets service (peer, same requests, no gateway): {direct.Describe()}");
        }
        Console.WriteLine($"review list p95: {gateway.P95:0.0} ms (goal <= 200 ms)");
        return new ListOutcome(gateway, direct);
    }

    private sealed record ListFilter(string Query, int PageSize);

    private ListFilter Filter(Random random, string department, string? otherDepartment)
    {
        var parts = new List<string>();
        var yearRoll = random.Next(10);
        if (yearRoll < 7)
        {
            parts.Add($"year={_year}");
        }
        else if (yearRoll < 8)
        {
            parts.Add($"year={_year - 1}");
        }
        string[] statuses = ["", "", "", "", TargetSetStates.Draft, TargetSetStates.Draft, TargetSetStates.Submitted, TargetSetStates.Submitted,
            TargetSetStates.DeptReviewed, $"{TargetSetStates.Submitted},{TargetSetStates.DeptReviewed}"];
        if (statuses[random.Next(statuses.Length)] is { Length: > 0 } status)
        {
            parts.Add($"status={Uri.EscapeDataString(status)}");
        }
        if (random.Next(10) < 3)
        {
            parts.Add($"q={Uri.EscapeDataString(ImportFile.Keywords[random.Next(ImportFile.Keywords.Length)])}");
        }
        var departmentRoll = random.Next(20);
        if (departmentRoll < 5)
        {
            parts.Add($"departmentId={Uri.EscapeDataString(department)}");
        }
        else if (departmentRoll < 6 && otherDepartment is not null)
        {
            parts.Add($"departmentId={Uri.EscapeDataString(otherDepartment)}");
        }
        var query = parts.Count == 0 ? "sort=-updatedAt" : string.Join('&', parts);
        return new ListFilter(query, random.Next(10) < 7 ? 20 : 50);
    }

    /// <summary>Another department of the region (its sets: none), for the department filter's empty answers.</summary>
    private static async Task<string?> OtherDepartmentAsync(Api officer, string department, CancellationToken ct)
    {
        try
        {
            var organisations = await officer.GetAsync<JsonElement>("/api/identity/organisations?kind=department&pageSize=100", ct);
            return organisations.GetProperty("items").EnumerateArray()
                .Select(o => o.GetProperty("id").ToString())
                .FirstOrDefault(id => id != department);
        }
        catch (BenchException)
        {
            return null;
        }
    }

    private async Task<Latencies> MeasureAsync(Api api, List<string> requests, CancellationToken ct)
    {
        var latencies = new double[requests.Count];
        var next = -1;
        var clients = Enumerable.Range(0, _clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                using var request = api.Request(HttpMethod.Get, requests[i]);
                var watch = Stopwatch.StartNew();
                using var response = await api.SendAsync(request, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                latencies[i] = watch.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw api.Failed(request, response, Encoding.UTF8.GetString(body));
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(clients);
        var slowest = latencies.Select((ms, i) => (ms, requests[i])).OrderByDescending(r => r.ms).Take(3).ToList();
        Array.Sort(latencies);
        return new Latencies(latencies.Length, Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies[^1], slowest);
    }

    /// <summary>Nearest rank.</summary>
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
