using Switchboard.Nlu.Classification;
using Switchboard.Nlu.Data;

namespace Switchboard.Nlu.Tests;

internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static IReadOnlyList<LabeledText> Train => LabeledTextReader.ReadFile(Path("support-train.csv"));

    public static IReadOnlyList<LabeledText> Valid => LabeledTextReader.ReadFile(Path("support-valid.csv"));

    public static IntentTrainingOptions Options => new() { OutOfScopeLabel = "oos" };
}
