using System.Text;

namespace Switchboard.Nlu.Data;

/// <summary>Reads RFC 4180 CSV records: comma separated, fields optionally in double quotes, "" for a quote, and
/// line breaks allowed inside quoted fields. CRLF and LF both end a record.</summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly string _name;
    private int _line = 1;

    public CsvRecordReader(TextReader reader, string name)
    {
        _reader = reader;
        _name = name;
    }

    public CsvRecord? Next()
    {
        if (_reader.Peek() < 0)
        {
            return null;
        }

        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var afterQuote = false;
        while (true)
        {
            var c = _reader.Read();
            if (quoted)
            {
                if (c < 0)
                {
                    throw new DataFormatException(_name, start, "a quoted field is not closed.");
                }

                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    field.Append((char)c);
                }

                continue;
            }

            if (c < 0 || c == '\n' || (c == '\r' && _reader.Peek() == '\n'))
            {
                if (c == '\r')
                {
                    _reader.Read();
                }

                if (c >= 0)
                {
                    _line++;
                }

                fields.Add(field.ToString());
                return new CsvRecord(fields, start);
            }

            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                afterQuote = false;
            }
            else if (c == '"' && field.Length == 0 && !afterQuote)
            {
                quoted = true;
            }
            else if (afterQuote)
            {
                throw new DataFormatException(_name, _line, $"unexpected character '{(char)c}' after a closing quote.");
            }
            else if (c == '"')
            {
                throw new DataFormatException(_name, _line, "a quote inside an unquoted field; quote the whole field and double the quote.");
            }
            else
            {
                field.Append((char)c);
            }
        }
    }
}
