namespace Switchboard.Nlu.Features;

/// <summary>
/// Maps texts to TF-IDF vectors over a vocabulary learnt from training texts: sublinear tf (1 + ln tf), smooth idf
/// (ln((1 + n) / (1 + df)) + 1), and each feature group (words, characters) L2-normalised on its own.
/// </summary>
internal sealed class TfidfVectorizer
{
    private readonly NgramExtractor _extractor;
    private readonly Dictionary<ulong, int> _index;

    private const int MaxRetainedBuffer = 1 << 16;

    [ThreadStatic]
    private static List<(ulong Hash, FeatureGroup Group)>? t_ngrams;

    [ThreadStatic]
    private static List<int>? t_indices;

    public TfidfVectorizer(FeatureOptions options, ulong[] hashes, float[] idf, int wordFeatureCount)
    {
        Options = options;
        Hashes = hashes;
        Idf = idf;
        WordFeatureCount = wordFeatureCount;
        _extractor = new NgramExtractor(options);
        _index = new Dictionary<ulong, int>(hashes.Length);
        for (var i = 0; i < hashes.Length; i++)
        {
            _index[hashes[i]] = i;
        }
    }

    public FeatureOptions Options { get; }

    /// <summary>Gets the n-gram hash of each feature; word features come first.</summary>
    public ulong[] Hashes { get; }

    public float[] Idf { get; }

    public int WordFeatureCount { get; }

    public int FeatureCount => Hashes.Length;

    /// <summary>Learns the vocabulary and idf from training texts.</summary>
    public static TfidfVectorizer Fit(FeatureOptions options, IReadOnlyList<string> texts)
    {
        var extractor = new NgramExtractor(options);
        var documentFrequency = new Dictionary<ulong, (int Count, FeatureGroup Group)>();
        var ngrams = new List<(ulong Hash, FeatureGroup Group)>();
        var seen = new HashSet<ulong>();
        foreach (var text in texts)
        {
            ngrams.Clear();
            seen.Clear();
            extractor.Extract(text, ngrams);
            foreach (var (hash, group) in ngrams)
            {
                if (seen.Add(hash))
                {
                    documentFrequency[hash] = documentFrequency.TryGetValue(hash, out var entry) ? (entry.Count + 1, entry.Group) : (1, group);
                }
            }
        }

        // Deterministic order: group, then hash.
        var kept = documentFrequency
            .Where(e => e.Value.Count >= options.MinDocumentFrequency)
            .OrderBy(e => e.Value.Group)
            .ThenBy(e => e.Key)
            .ToArray();
        var n = texts.Count;
        var hashes = new ulong[kept.Length];
        var idf = new float[kept.Length];
        var wordCount = 0;
        for (var i = 0; i < kept.Length; i++)
        {
            hashes[i] = kept[i].Key;
            idf[i] = (float)(Math.Log((1.0 + n) / (1.0 + kept[i].Value.Count)) + 1.0);
            if (kept[i].Value.Group == FeatureGroup.Word)
            {
                wordCount++;
            }
        }

        return new TfidfVectorizer(options, hashes, idf, wordCount);
    }

    /// <summary>Returns the TF-IDF vector of a text; n-grams outside the vocabulary are ignored.</summary>
    public SparseVector Transform(string text)
    {
        var ngrams = t_ngrams ??= new List<(ulong, FeatureGroup)>(512);
        var indices = t_indices ??= new List<int>(512);
        ngrams.Clear();
        indices.Clear();
        _extractor.Extract(text, ngrams);
        foreach (var (hash, _) in ngrams)
        {
            if (_index.TryGetValue(hash, out var index))
            {
                indices.Add(index);
            }
        }

        indices.Sort();
        if (ngrams.Capacity > MaxRetainedBuffer)
        {
            // One huge text must not pin a huge buffer to this thread for good.
            t_ngrams = null;
        }

        var distinct = 0;
        for (var i = 0; i < indices.Count; i++)
        {
            if (i == 0 || indices[i] != indices[i - 1])
            {
                distinct++;
            }
        }

        var resultIndices = new int[distinct];
        var values = new float[distinct];
        var position = -1;
        var wordNorm = 0.0;
        var charNorm = 0.0;
        for (var i = 0; i < indices.Count; i++)
        {
            if (i == 0 || indices[i] != indices[i - 1])
            {
                position++;
                resultIndices[position] = indices[i];
                values[position] = 1;
            }
            else
            {
                values[position]++;
            }
        }

        for (var i = 0; i < distinct; i++)
        {
            var value = (1f + MathF.Log(values[i])) * Idf[resultIndices[i]];
            values[i] = value;
            if (resultIndices[i] < WordFeatureCount)
            {
                wordNorm += (double)value * value;
            }
            else
            {
                charNorm += (double)value * value;
            }
        }

        var wordScale = wordNorm > 0 ? (float)(1 / Math.Sqrt(wordNorm)) : 0f;
        var charScale = charNorm > 0 ? (float)(1 / Math.Sqrt(charNorm)) : 0f;
        for (var i = 0; i < distinct; i++)
        {
            values[i] *= resultIndices[i] < WordFeatureCount ? wordScale : charScale;
        }

        if (indices.Capacity > MaxRetainedBuffer)
        {
            t_indices = null;
        }

        return new SparseVector(resultIndices, values);
    }
}
