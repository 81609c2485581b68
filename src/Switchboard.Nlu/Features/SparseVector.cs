namespace Switchboard.Nlu.Features;

/// <summary>A sparse feature vector: ascending feature indices and their values.</summary>
/// <param name="Indices">Feature indices, ascending, distinct.</param>
/// <param name="Values">The values at those indices.</param>
internal readonly record struct SparseVector(int[] Indices, float[] Values)
{
    public int Count => Indices.Length;

    public double SquaredNorm()
    {
        var sum = 0.0;
        foreach (var v in Values)
        {
            sum += (double)v * v;
        }

        return sum;
    }
}
