using Switchboard.Nlu.Text;

namespace Switchboard.Nlu.Features;

/// <summary>Produces the hashed n-grams of a text: word n-grams, character n-grams inside padded words, and
/// character n-grams over CJK runs.</summary>
internal sealed class NgramExtractor
{
    private const ulong WordSeed = 0x1;
    private const ulong CharSeed = 0x2;
    private const ulong CjkSeed = 0x3;

    /// <summary>Stands for a number when <see cref="FeatureOptions.NumberPlaceholders"/> is on; no token contains '&lt;'.</summary>
    private const string NumberPlaceholder = "<num>";

    private readonly FeatureOptions _options;

    public NgramExtractor(FeatureOptions options)
    {
        _options = options;
    }

    /// <summary>Appends (hash, group) for every n-gram occurrence of the text to <paramref name="output"/>.</summary>
    public void Extract(string text, List<(ulong Hash, FeatureGroup Group)> output)
    {
        var normalized = TextNormalizer.Normalize(text);
        var tokens = Tokenizer.Tokenize(normalized);
        var hashes = tokens.Count <= 256 ? stackalloc ulong[tokens.Count] : new ulong[tokens.Count];
        Span<char> padded = stackalloc char[66];
        Span<char> stem = stackalloc char[EnglishStemmer.MaxLength];

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var word = token.Text;
            if (_options.NumberPlaceholders && token.Kind == TokenKind.Word && IsNumber(word))
            {
                word = NumberPlaceholder;
            }

            hashes[i] = _options.StemWords && token.Kind == TokenKind.Word
                ? NgramHash.Hash(EnglishStemmer.Stem(word, stem), WordSeed)
                : NgramHash.Hash(word, WordSeed);

            // Word n-grams ending at token i: hash(t[i-n+1..i]) = Combine(t[i-n+1], hash(t[i-n+2..i])).
            var combined = hashes[i];
            for (var n = 1; n <= _options.MaxWordNgram && n <= i + 1; n++)
            {
                if (n > 1)
                {
                    combined = NgramHash.Combine(hashes[i - n + 1], combined);
                }

                if (n >= _options.MinWordNgram)
                {
                    output.Add((combined, FeatureGroup.Word));
                }
            }

            if (token.Kind == TokenKind.Word)
            {
                CharNgrams(word, padded, output);
            }
        }

        CjkNgrams(tokens, output);
    }

    private static bool IsNumber(string token) => token.Length >= 2 && !token.AsSpan().ContainsAnyExceptInRange('0', '9');

    private void CharNgrams(string word, Span<char> buffer, List<(ulong, FeatureGroup)> output)
    {
        // char_wb: n-grams of " word " (long words are clipped to 64 characters).
        var length = Math.Min(word.Length, buffer.Length - 2);
        buffer[0] = ' ';
        word.AsSpan(0, length).CopyTo(buffer[1..]);
        buffer[length + 1] = ' ';
        var padded = buffer[..(length + 2)];
        for (var n = _options.MinCharNgram; n <= _options.MaxCharNgram && n <= padded.Length; n++)
        {
            for (var start = 0; start + n <= padded.Length; start++)
            {
                output.Add((NgramHash.Hash(padded.Slice(start, n), CharSeed), FeatureGroup.Char));
            }
        }
    }

    private void CjkNgrams(List<Token> tokens, List<(ulong, FeatureGroup)> output)
    {
        if (_options.MaxCjkNgram < 2)
        {
            return;
        }

        Span<char> gram = stackalloc char[2 * _options.MaxCjkNgram];
        var runStart = 0;
        while (runStart < tokens.Count)
        {
            if (tokens[runStart].Kind != TokenKind.Cjk)
            {
                runStart++;
                continue;
            }

            // A run is a sequence of CJK tokens adjacent in the text.
            var runEnd = runStart + 1;
            while (runEnd < tokens.Count && tokens[runEnd].Kind == TokenKind.Cjk
                && tokens[runEnd].Start == tokens[runEnd - 1].Start + tokens[runEnd - 1].Text.Length)
            {
                runEnd++;
            }

            for (var i = runStart; i < runEnd; i++)
            {
                var used = 0;
                for (var n = 1; n <= _options.MaxCjkNgram && i + n <= runEnd; n++)
                {
                    var piece = tokens[i + n - 1].Text;
                    piece.AsSpan().CopyTo(gram[used..]);
                    used += piece.Length;
                    if (n >= 2)
                    {
                        output.Add((NgramHash.Hash(gram[..used], CjkSeed), FeatureGroup.Char));
                    }
                }
            }

            runStart = runEnd;
        }
    }
}
