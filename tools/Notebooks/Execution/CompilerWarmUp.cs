namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Loads the C# compiler, and compiles to machine code the paths a chapter's cells take through it and
/// through the carried packages, before the first real cell, which would otherwise wait seconds for it.
/// </summary>
public static class CompilerWarmUp
{
    // Cells like a chapter's: package directives, linear algebra, records, local functions, LINQ, string
    // interpolation, a loop (so the loop checks compile), completions, and a chart shown as a figure.
    private static readonly string[] Cells =
    [
        "#r \"nuget: MathNet.Numerics, 5.0.0\"\n#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n" +
        "using MathNet.Numerics.LinearAlgebra;",
        "var v = Vector<double>.Build.Dense([1.0, 2.0]);\nvar m = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.5 }, { 0.5, 1.0 } });\n" +
        "var solved = m.Cholesky().Solve(v);\nfor (int i = 0; i < 2; i++) Math.Sqrt(i);\nConsole.WriteLine($\"{solved[0]:F3} {solved.L2Norm():G4}\");",
        "record Point(double X, double Y);\nstatic double Square(double x) => x * x;\n" +
        "var points = Enumerable.Range(0, 20).Select(i => new Point(i, Square(i))).ToList();\n" +
        "display(Plotly.NET.CSharp.Chart.Point<double, double, string>(x: points.Select(p => p.X), y: points.Select(p => p.Y)));\n" +
        "points.Count",
    ];

    /// <summary>
    /// Runs throwaway cells like a chapter's in a session of its own, and asks it for completions; the
    /// sessions of real cells never see them.
    /// </summary>
    /// <param name="workingDirectory">An existing folder for the throwaway session; the temporary folder when null.</param>
    /// <param name="cancellationToken">Ends the warm-up after the cell it is in (real work has arrived).</param>
    /// <returns>Null when warm (or stopped early), or why warming up failed (cells still run, the first ones more slowly).</returns>
    public static async Task<string?> RunAsync(string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var scratch = new ScriptSession(workingDirectory ?? Path.GetTempPath());
            scratch.Complete("Math.Sqrt(2.0)", 9);
            for (int i = 0; i < Cells.Length && !cancellationToken.IsCancellationRequested; i++)
            {
                var result = await scratch.ExecuteAsync(Cells[i], i + 1).ConfigureAwait(false);
                if (result.Status == CellStatus.Failed)
                    return result.Error?.Traceback.FirstOrDefault() ?? $"warm-up cell {i + 1} failed";
            }
            return null;
        }
        catch (Exception error)
        {
            return error.Message;
        }
    }
}
