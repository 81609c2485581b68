using System.Text;
using System.Text.Json;
using Switchboard.Nlu.Classification;

namespace Switchboard.Nlu.Data;

/// <summary>
/// Reads labelled examples: CSV (RFC 4180) with a header naming the columns <c>text</c> and <c>label</c>, or JSON
/// Lines of <c>{"text": "…", "label": "…"}</c> (files ending in <c>.jsonl</c> or <c>.ndjson</c>). UTF-8.
/// </summary>
public static class LabeledTextReader
{
    /// <summary>Reads a file; the format is chosen by its extension.</summary>
    /// <exception cref="DataFormatException">The file is malformed; the message names the file and line.</exception>
    public static IReadOnlyList<LabeledText> ReadFile(string path) => ReadFile(path, "label");

    /// <summary>Reads a file whose label column has another name (e.g. <c>faq_id</c>).</summary>
    /// <exception cref="DataFormatException">The file is malformed; the message names the file and line.</exception>
    public static IReadOnlyList<LabeledText> ReadFile(string path, string labelColumn)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!System.IO.File.Exists(path))
        {
            throw new DataFormatException($"{path}: file not found.");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            ? ReadJsonLines(reader, path, labelColumn)
            : ReadCsv(reader, path, labelColumn);
    }

    /// <summary>Reads CSV with a <c>text,label</c> header.</summary>
    public static IReadOnlyList<LabeledText> ReadCsv(TextReader reader, string name, string labelColumnName = "label")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvRecordReader(reader, name);
        var header = csv.Next() ?? throw new DataFormatException(name, 1, "the file is empty; expected a header 'text,label'.");
        var textColumn = header.Fields.FindIndex(f => string.Equals(f.Trim(), "text", StringComparison.OrdinalIgnoreCase));
        var labelColumn = header.Fields.FindIndex(f => string.Equals(f.Trim(), labelColumnName, StringComparison.OrdinalIgnoreCase));
        if (textColumn < 0 || labelColumn < 0)
        {
            throw new DataFormatException(name, 1, $"the header must name the columns 'text' and '{labelColumnName}' (found: {string.Join(",", header.Fields)}).");
        }

        var examples = new List<LabeledText>();
        while (csv.Next() is { } record)
        {
            if (record.Fields.Count == 1 && record.Fields[0].Length == 0)
            {
                continue; // blank line
            }

            if (record.Fields.Count != header.Fields.Count)
            {
                throw new DataFormatException(name, record.Line, $"expected {header.Fields.Count} fields, found {record.Fields.Count}.");
            }

            examples.Add(Validate(record.Fields[textColumn], record.Fields[labelColumn], name, record.Line));
        }

        return examples;
    }

    /// <summary>Reads JSON Lines of <c>{"text","label"}</c> objects.</summary>
    public static IReadOnlyList<LabeledText> ReadJsonLines(TextReader reader, string name, string labelField = "label")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var examples = new List<LabeledText>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement root;
            try
            {
                root = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException exception)
            {
                throw new DataFormatException(name, lineNumber, $"not valid JSON ({exception.Message}).");
            }

            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String
                || !root.TryGetProperty(labelField, out var label) || label.ValueKind != JsonValueKind.String)
            {
                throw new DataFormatException(name, lineNumber, $"expected an object with string fields 'text' and '{labelField}'.");
            }

            examples.Add(Validate(text.GetString()!, label.GetString()!, name, lineNumber));
        }

        return examples;
    }

    private static LabeledText Validate(string text, string label, string name, int line)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DataFormatException(name, line, "the text is empty.");
        }

        if (string.IsNullOrWhiteSpace(label))
        {
            throw new DataFormatException(name, line, "the label is empty.");
        }

        return new LabeledText(text, label.Trim());
    }
}
