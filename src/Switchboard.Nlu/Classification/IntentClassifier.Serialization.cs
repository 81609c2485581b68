using System.Text;
using Switchboard.Nlu.Features;

namespace Switchboard.Nlu.Classification;

/// <summary>Saving and loading the versioned binary model file.</summary>
public sealed partial class IntentClassifier
{
    /// <summary>The current model file format version. Version 2 added the feature flags word; version 1 files still load
    /// (with every flag off).</summary>
    public const int FormatVersion = 2;

    private const int NumberPlaceholdersFlag = 1;
    private const int StemWordsFlag = 2;

    private static readonly byte[] Magic = "SBNLUIC\0"u8.ToArray();

    /// <summary>Writes the model: magic, format version, feature settings and flags, classes, calibration, vocabulary, weights.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        var f = Vectorizer.Options;
        writer.Write(f.MinWordNgram);
        writer.Write(f.MaxWordNgram);
        writer.Write(f.MinCharNgram);
        writer.Write(f.MaxCharNgram);
        writer.Write(f.MaxCjkNgram);
        writer.Write(f.MinDocumentFrequency);
        writer.Write((f.NumberPlaceholders ? NumberPlaceholdersFlag : 0) | (f.StemWords ? StemWordsFlag : 0));
        writer.Write(Classes.Length);
        foreach (var label in Classes)
        {
            writer.Write(label);
        }

        writer.Write(OutOfScopeClass);
        writer.Write(Temperature);
        writer.Write(Threshold);
        writer.Write(Vectorizer.FeatureCount);
        writer.Write(Vectorizer.WordFeatureCount);
        foreach (var hash in Vectorizer.Hashes)
        {
            writer.Write(hash);
        }

        foreach (var idf in Vectorizer.Idf)
        {
            writer.Write(idf);
        }

        foreach (var b in _bias)
        {
            writer.Write(b);
        }

        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_weights.AsSpan()));
    }

    /// <summary>Saves the model to a file.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a Switchboard intent model or has another version.</exception>
    public static IntentClassifier Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("Not a Switchboard intent model (bad magic number).");
            }

            var version = reader.ReadInt32();
            if (version is < 1 or > FormatVersion)
            {
                throw new InvalidDataException($"Unsupported intent model format version {version} (this build reads versions 1 to {FormatVersion}).");
            }

            var options = new FeatureOptions
            {
                MinWordNgram = reader.ReadInt32(),
                MaxWordNgram = reader.ReadInt32(),
                MinCharNgram = reader.ReadInt32(),
                MaxCharNgram = reader.ReadInt32(),
                MaxCjkNgram = reader.ReadInt32(),
                MinDocumentFrequency = reader.ReadInt32(),
            };
            var flags = version >= 2 ? reader.ReadInt32() : 0;
            if ((flags & ~(NumberPlaceholdersFlag | StemWordsFlag)) != 0)
            {
                throw new InvalidDataException("The intent model file has unknown feature flags.");
            }

            options = options with
            {
                NumberPlaceholders = (flags & NumberPlaceholdersFlag) != 0,
                StemWords = (flags & StemWordsFlag) != 0,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException exception)
            {
                throw new InvalidDataException("The intent model file has invalid feature settings: " + exception.Message, exception);
            }

            var classes = new string[CheckCount(reader.ReadInt32(), 1_000_000)];
            for (var i = 0; i < classes.Length; i++)
            {
                classes[i] = reader.ReadString();
            }

            var outOfScopeClass = reader.ReadInt32();
            var temperature = reader.ReadDouble();
            var threshold = reader.ReadDouble();
            if (outOfScopeClass < -1 || outOfScopeClass >= classes.Length
                || !double.IsFinite(temperature) || temperature <= 0 || !double.IsFinite(threshold) || threshold is < 0 or > 1)
            {
                throw new InvalidDataException("The intent model file has invalid calibration values.");
            }

            var featureCount = CheckCount(reader.ReadInt32(), 100_000_000);
            var wordFeatureCount = CheckCount(reader.ReadInt32(), featureCount);

            // Refuse sizes the file cannot hold before allocating for them.
            var needed = (featureCount * 12L) + (classes.Length * 4L) + ((long)featureCount * classes.Length * 4L);
            if ((long)featureCount * classes.Length > Array.MaxLength
                || (reader.BaseStream.CanSeek && needed > reader.BaseStream.Length - reader.BaseStream.Position))
            {
                throw new InvalidDataException("The intent model file is truncated or inconsistent.");
            }
            var hashes = new ulong[featureCount];
            for (var i = 0; i < featureCount; i++)
            {
                hashes[i] = reader.ReadUInt64();
            }

            var idf = new float[featureCount];
            for (var i = 0; i < featureCount; i++)
            {
                idf[i] = reader.ReadSingle();
            }

            var bias = new float[classes.Length];
            for (var i = 0; i < bias.Length; i++)
            {
                bias[i] = reader.ReadSingle();
            }

            var weights = new float[(long)featureCount * classes.Length];
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan());
            reader.BaseStream.ReadExactly(bytes);

            return new IntentClassifier(new TfidfVectorizer(options, hashes, idf, wordFeatureCount), classes, outOfScopeClass, weights, bias, temperature, threshold);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("The intent model file is truncated.", exception);
        }
        catch (FormatException exception)
        {
            // BinaryReader.ReadString on a corrupt length prefix.
            throw new InvalidDataException("The intent model file is corrupt: a name's length is malformed.", exception);
        }
    }

    /// <summary>Loads a model file.</summary>
    public static IntentClassifier Load(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
        return Load(stream);
    }

    private static int CheckCount(int count, int max) =>
        count < 0 || count > max ? throw new InvalidDataException("The intent model file is inconsistent.") : count;
}
