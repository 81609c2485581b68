namespace Switchboard.Nlu.Benchmarks;

/// <summary>Finds ../shared/datasets (or $SWITCHBOARD_DATASETS); the data is read in place, never copied into the repo.</summary>
internal static class Datasets
{
    public static string Root()
    {
        if (Environment.GetEnvironmentVariable("SWITCHBOARD_DATASETS") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "datasets");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/datasets not found; set SWITCHBOARD_DATASETS.");
    }
}
