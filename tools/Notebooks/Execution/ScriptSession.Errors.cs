using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace ScoreNotebooks.Notebooks.Execution;

public sealed partial class ScriptSession
{
    /// <summary>An error output; a message that already begins with its place ("cell 4, line 2: …") is not
    /// given the cell a second time.</summary>
    private static CellOutput Failure(string name, string message, int cellNumber) =>
        CellOutput.Error(name, message,
            [message.StartsWith($"cell {cellNumber},", StringComparison.Ordinal) ? $"{name} in {message}" : $"{name} in cell {cellNumber}: {message}"]);

    private static CellOutput CompileFailure(IReadOnlyList<Diagnostic> errors, int cellNumber)
    {
        var lines = errors.Select(e =>
        {
            int line = e.Location.GetLineSpan().StartLinePosition.Line + 1;
            return $"cell {cellNumber}, line {line}: {e.Id}: {e.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }).ToList();
        string first = lines[0];
        return CellOutput.Error("CompilationError", first,
            [$"CompilationError in {first}", .. lines.Skip(1).Select(l => $"also {l}")]);
    }

    private static CellOutput RuntimeFailure(Exception error, int cellNumber)
    {
        error = Unwrap(error);
        string where = LineInCell(error, cellNumber) is int line ? $"cell {cellNumber}, line {line}" : $"cell {cellNumber}";
        string name = error.GetType().Name;
        var traceback = new List<string> { $"{name} in {where}: {error.Message}" };
        if (error is OperationCanceledException)
            return CellOutput.Error(name, error.Message, traceback);
        traceback.AddRange(Frames(error, cellNumber));
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
            traceback.Add($"caused by {inner.GetType().Name}: {inner.Message}");
        return CellOutput.Error(name, error.Message, traceback);
    }

    private static Exception Unwrap(Exception error)
    {
        while (error is (AggregateException or TargetInvocationException) && error.InnerException is not null)
            error = error.InnerException;
        return error;
    }

    /// <summary>The line within the cell of the deepest stack frame that is in the cell's own code.</summary>
    private static int? LineInCell(Exception error, int cellNumber)
    {
        string file = CellFileName(cellNumber);
        var frame = new StackTrace(error, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() is { } name && name.EndsWith(file, StringComparison.Ordinal) && f.GetFileLineNumber() > 0);
        return frame?.GetFileLineNumber();
    }

    /// <summary>The stack frames up to and including the cell's code, without the scripting machinery beneath it.</summary>
    private static IEnumerable<string> Frames(Exception error, int cellNumber)
    {
        string file = CellFileName(cellNumber);
        foreach (var frame in new StackTrace(error, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            if (method is null) continue;
            bool inCell = frame.GetFileName() is { } name && name.EndsWith(file, StringComparison.Ordinal);
            string location = inCell ? $"cell {cellNumber}, line {frame.GetFileLineNumber()}" : $"{method.DeclaringType?.FullName}.{method.Name}";
            yield return $"   at {location}";
            if (inCell) yield break;
        }
    }
}
