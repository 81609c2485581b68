namespace Switchboard.Nlu.Data;

/// <summary>One CSV record and the line it starts on.</summary>
internal sealed record CsvRecord(List<string> Fields, int Line);
