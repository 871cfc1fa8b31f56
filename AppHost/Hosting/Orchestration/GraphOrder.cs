namespace Platform.Hosting.Orchestration;

/// <summary>Dependency order of the graph: cycle detection, start levels and the reverse order used to stop.</summary>
public static class GraphOrder
{
    /// <summary>The resources a resource must wait for: its declared waits plus its parent (a database waits for its server).</summary>
    public static IEnumerable<Dependency> EffectiveDependencies(Resource resource)
    {
        foreach (var dependency in resource.Dependencies)
        {
            yield return dependency;
        }
        if (resource.Parent is { } parent && resource.Dependencies.All(d => !ReferenceEquals(d.Target, parent)))
        {
            yield return new Dependency(parent, WaitKind.Healthy);
        }
    }

    /// <summary>Groups the resources so that every resource is in a later level than all it waits for.</summary>
    /// <exception cref="HostingException">The waits form a cycle (named in the message).</exception>
    public static IReadOnlyList<IReadOnlyList<Resource>> Levels(IReadOnlyCollection<Resource> resources)
    {
        var level = new Dictionary<Resource, int>();
        var visiting = new List<Resource>();

        int Visit(Resource resource)
        {
            if (level.TryGetValue(resource, out var known))
            {
                return known;
            }
            if (visiting.Contains(resource))
            {
                var cycle = visiting.SkipWhile(r => r != resource).Append(resource).Select(r => r.Name);
                throw new HostingException($"资源之间的等待关系形成了循环：{string.Join(" → ", cycle)}；请去掉其中一个 WaitFor");
            }
            visiting.Add(resource);
            var mine = 0;
            foreach (var dependency in EffectiveDependencies(resource).Where(d => resources.Contains(d.Target)))
            {
                mine = Math.Max(mine, Visit(dependency.Target) + 1);
            }
            visiting.Remove(resource);
            level[resource] = mine;
            return mine;
        }

        foreach (var resource in resources)
        {
            Visit(resource);
        }
        return level.GroupBy(x => x.Value).OrderBy(g => g.Key).Select(g => (IReadOnlyList<Resource>)g.Select(x => x.Key).ToList()).ToList();
    }

    /// <summary>
    /// The named resources plus what they need to run: everything they wait for or reference, except other projects,
    /// which stay out unless named (a subset "gateway + projects" must not drag in every service the gateway knows).
    /// </summary>
    public static IReadOnlySet<Resource> Closure(IEnumerable<Resource> all, IEnumerable<string> names)
    {
        var byName = all.ToDictionary(r => r.Name);
        var keep = new HashSet<Resource>();
        var pending = new Stack<Resource>();
        foreach (var name in names)
        {
            if (!byName.TryGetValue(name, out var resource))
            {
                throw new ArgumentException($"No resource named '{name}'. Known: {string.Join(", ", byName.Keys)}.", nameof(names));
            }
            pending.Push(resource);
        }
        var named = pending.ToHashSet();
        while (pending.TryPop(out var resource))
        {
            if (!keep.Add(resource))
            {
                continue;
            }
            var needed = EffectiveDependencies(resource).Select(d => d.Target).Concat(resource.References);
            foreach (var next in needed)
            {
                var isOtherProject = next is ProjectResource && next.HasHttpEndpoint && !named.Contains(next) && !IsJobOf(next, resource);
                if (!isOtherProject)
                {
                    pending.Push(next);
                }
            }
        }
        return keep;
    }

    private static bool IsJobOf(Resource candidate, Resource dependant) =>
        dependant.Dependencies.Any(d => ReferenceEquals(d.Target, candidate) && d.Kind == WaitKind.Completion);
}
