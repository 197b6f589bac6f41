using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace MedVision.Evaluation;

/// <summary>
/// Leakage audit of a labelled, split image set: exact duplicates (SHA-256 of width, height, channels and the
/// float32 pixel bytes), near-duplicates when <see cref="LeakageAuditOptions.PerceptualKey"/> is given (perceptual
/// hashes within <see cref="LeakageAuditOptions.MaxHammingDistance"/>, confirmed by a Pearson correlation of at least
/// <see cref="LeakageAuditOptions.MinCorrelation"/> — on the full pixels when both samples have the same dimensions, on
/// the keys' reductions otherwise), groups present in more than one split,
/// and class counts per split. Duplicates and near-duplicates are merged with their groups by union-find
/// (<see cref="LeakageReport.MergedGroups"/>). Knows nothing of files: it is handed pixels.
/// </summary>
public static class LeakageAudit
{
    /// <summary>The audit with default options.</summary>
    public static LeakageReport Run(IReadOnlyList<AuditSample> samples) => Run(samples, new LeakageAuditOptions());

    /// <summary>The audit with the given options.</summary>
    public static LeakageReport Run(IReadOnlyList<AuditSample> samples, LeakageAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var n = samples.Count;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            ArgumentNullException.ThrowIfNull(samples[i], $"{nameof(samples)}[{i}]");
            if (!ids.Add(samples[i].Id))
            {
                throw new ArgumentException($"sample id '{samples[i].Id}' appears twice", nameof(samples));
            }
        }

        var sha = new string[n];
        var reduced = new float[n][];
        var hash = new ulong[n];
        var dims = new (int W, int H, int C)[n];
        Parallelism.For(n, options.MaxDegreeOfParallelism, i =>
        {
            var pixels = samples[i].Pixels();
            pixels.Validate(samples[i].Id);
            dims[i] = (pixels.Width, pixels.Height, pixels.Channels);
            sha[i] = Sha256(pixels);
            if (options.PerceptualKey is { } key)
            {
                var k = key(pixels) ?? throw new InvalidOperationException($"sample '{samples[i].Id}': the perceptual key function returned null");
                (hash[i], reduced[i]) = (k.Hash, k.Reduced);
            }
        });

        if (options.PerceptualKey is not null && reduced.Select(r => r.Length).Distinct().Count() > 1)
        {
            throw new ArgumentException(
                $"the perceptual keys' reductions differ in length ({string.Join(", ", reduced.Select(r => r.Length).Distinct().Order())}); " +
                "one audit needs one reduction size", nameof(options));
        }

        var sets = new UnionFind(n);
        var groupFirst = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (samples[i].Group is { } g && !groupFirst.TryAdd(g, i))
            {
                sets.Union(groupFirst[g], i);
            }
        }

        // Exact duplicates.
        var duplicates = new List<DuplicateSet>();
        foreach (var bucket in Enumerable.Range(0, n).GroupBy(i => sha[i], StringComparer.Ordinal).Where(b => b.Count() > 1).OrderBy(b => b.First()))
        {
            var members = bucket.ToArray();
            foreach (var m in members.Skip(1))
            {
                sets.Union(members[0], m);
            }

            var splits = Distinct(members.Select(i => samples[i].Split));
            duplicates.Add(new DuplicateSet([.. members.Select(i => samples[i].Id)], splits, Distinct(members.Select(i => samples[i].Group)), splits.Count > 1, bucket.Key)
            {
                Labels = [.. members.Select(i => samples[i].Label)],
            });
        }

        // Near duplicates: every pair of distinct pixel contents whose hashes are close, confirmed by correlation.
        var near = new List<NearDuplicatePair>();
        if (options.PerceptualKey is not null)
        {
            var representatives = Enumerable.Range(0, n).GroupBy(i => sha[i], StringComparer.Ordinal).Select(b => b.First()).Order().ToArray();
            var candidates = new List<(int A, int B, int D)>();
            for (var x = 0; x < representatives.Length; x++)
            {
                for (var y = x + 1; y < representatives.Length; y++)
                {
                    var (a, b) = (representatives[x], representatives[y]);
                    var d = BitOperations.PopCount(hash[a] ^ hash[b]);
                    if (d <= options.MaxHammingDistance)
                    {
                        candidates.Add((a, b, d));
                    }
                }
            }

            var correlations = new double[candidates.Count];
            Parallelism.For(candidates.Count, options.MaxDegreeOfParallelism, k =>
            {
                var (a, b, _) = candidates[k];
                correlations[k] = dims[a] == dims[b]
                    ? Pearson(samples[a].Pixels().Data.Span, samples[b].Pixels().Data.Span)
                    : Pearson(reduced[a], reduced[b]);
            });

            for (var k = 0; k < candidates.Count; k++)
            {
                var (a, b, d) = candidates[k];
                if (correlations[k] >= options.MinCorrelation)
                {
                    sets.Union(a, b);
                    var crosses = samples[a].Split is { } sa && samples[b].Split is { } sb && !string.Equals(sa, sb, StringComparison.Ordinal);
                    near.Add(new NearDuplicatePair(samples[a].Id, samples[b].Id, d, correlations[k], crosses));
                }
            }
        }

        var across = samples.Where(s => s.Group is not null && s.Split is not null)
            .GroupBy(s => s.Group!, StringComparer.Ordinal)
            .Select(g => new GroupAcrossSplits(g.Key, Distinct(g.Select(s => s.Split)), g.Count()))
            .Where(g => g.Splits.Count > 1)
            .OrderBy(g => g.Group, StringComparer.Ordinal)
            .ToList();

        var balance = samples.GroupBy(s => s.Split ?? "all", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SplitBalance(g.Key, g.Count(), new SortedDictionary<int, int>(g.GroupBy(s => s.Label).ToDictionary(c => c.Key, c => c.Count()))))
            .ToList();

        // Merged group name: the ordinally smallest original group (or id) in each component.
        var names = new Dictionary<int, string>();
        for (var i = 0; i < n; i++)
        {
            var root = sets.Find(i);
            var name = samples[i].Group ?? samples[i].Id;
            if (!names.TryGetValue(root, out var current) || string.CompareOrdinal(name, current) < 0)
            {
                names[root] = name;
            }
        }

        var crossing = duplicates.Count(d => d.CrossesSplits) + near.Count(p => p.CrossesSplits);
        var warnings = new List<string>();
        if (crossing > 0)
        {
            warnings.Add($"{crossing} duplicate set(s) or near-duplicate pair(s) span more than one split");
        }

        if (across.Count > 0)
        {
            warnings.Add($"{across.Count} group(s) have samples in more than one split");
        }

        var conflicting = duplicates.Where(d => d.ConflictingLabels).ToList();
        if (conflicting.Count > 0)
        {
            warnings.Add($"{conflicting.Count} set(s) of identical images carry different labels (e.g. {string.Join(" = ", conflicting[0].Ids.Take(3))}): " +
                "one of the labels is wrong, or these pixels cannot tell the classes apart");
        }

        return new LeakageReport
        {
            Samples = n,
            Clean = crossing == 0 && across.Count == 0,
            ExactDuplicates = duplicates,
            NearDuplicates = near,
            GroupsAcrossSplits = across,
            ClassBalance = balance,
            DuplicatesAcrossSplits = crossing,
            MergedGroupCount = names.Count,
            Method = options.PerceptualKey is not null
                ? $"SHA-256 of pixels; pHash 64-bit, Hamming ≤ {options.MaxHammingDistance}, Pearson ≥ {options.MinCorrelation}"
                : "SHA-256 of pixels; near-duplicates not searched",
            Warnings = warnings,
            MergedGroups = [.. Enumerable.Range(0, n).Select(i => names[sets.Find(i)])],
        };
    }

    /// <summary>Pearson correlation of two equally long arrays; NaN when either is constant.</summary>
    public static double Pearson(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            return double.NaN;
        }

        double ma = 0, mb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var (da, db) = (a[i] - ma, b[i] - mb);
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        return saa == 0 || sbb == 0 ? double.NaN : sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>Hex SHA-256 of width, height, channels (int32 little-endian) followed by the float32 pixels (little-endian).</summary>
    public static string Sha256(AuditPixels pixels)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(header, pixels.Width);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], pixels.Height);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], pixels.Channels);
        sha.AppendData(header);
        if (BitConverter.IsLittleEndian)
        {
            sha.AppendData(MemoryMarshal.AsBytes(pixels.Data.Span));
        }
        else
        {
            Span<byte> value = stackalloc byte[4];
            foreach (var v in pixels.Data.Span)
            {
                BinaryPrimitives.WriteSingleLittleEndian(value, v);
                sha.AppendData(value);
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static List<string> Distinct(IEnumerable<string?> values) =>
        [.. values.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Disjoint sets with path halving and union by size.</summary>
    private sealed class UnionFind
    {
        private readonly int[] _parent;
        private readonly int[] _size;

        public UnionFind(int n)
        {
            _parent = [.. Enumerable.Range(0, n)];
            _size = [.. Enumerable.Repeat(1, n)];
        }

        public int Find(int x)
        {
            while (_parent[x] != x)
            {
                _parent[x] = _parent[_parent[x]];
                x = _parent[x];
            }

            return x;
        }

        public void Union(int a, int b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra == rb)
            {
                return;
            }

            if (_size[ra] < _size[rb])
            {
                (ra, rb) = (rb, ra);
            }

            _parent[rb] = ra;
            _size[ra] += _size[rb];
        }
    }
}
