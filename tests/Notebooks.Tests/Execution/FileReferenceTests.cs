using ScoreNotebooks.Notebooks.Running;

namespace ScoreNotebooks.Notebooks.Tests.Execution;

public class FileReferenceTests
{
    // Reproduced: Path.GetFullPath threw ArgumentException ("Null character in path") out of the
    // run, and the runner died with exit 134 on a notebook the reader had accepted.
    [Fact]
    public async Task FileReference_WithANulCharacter_FailsItsCellNamingTheProblem()
    {
        var notebook = new TestNotebook().Code("#r \"a\0b.dll\"\n1").Code("2").Build();
        var result = await NotebookExecutor.ExecuteAsync(notebook, Path.GetTempPath());
        Assert.False(result.Succeeded);
        Assert.Equal(1, result.FailedCellNumber);
        Assert.Equal(["error:ReferenceError"], Outputs.Summary(notebook.Cells[0]));
        Assert.Contains("#r \"a\\0b.dll\": a file path cannot contain a NUL character", Outputs.ErrorText(notebook.Cells[0]));
    }
}
