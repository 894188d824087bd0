using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Markup;

namespace ScoreNotebooks.Coursework.Tests.Markup;

public class ExerciseMarkupTests
{
    internal const string TwiceAnswer = "int Twice(int x)\n{\n    // BEGIN SOLUTION\n    return 2 * x;\n    // END SOLUTION\n}";
    internal const string TwiceCheck = "if (Twice(2) != 4) throw new Exception(\"Twice(2) is wrong\");";

    /// <summary>One auto-graded exercise with two checks (one with hidden tests), a written answer and a read-only cell.</summary>
    internal static ExerciseNotebook Sample() => new ExerciseNotebook()
        .Markdown("# Exercises")
        .Code("var offset = 1;", ExerciseNotebook.Nbgrader("setup", solution: false, grade: false, locked: true))
        .Answer("ex1", TwiceAnswer)
        .Check("ex1-check", TwiceCheck + "\n// BEGIN HIDDEN TESTS\nif (Twice(-3) != -6) throw new Exception(\"hidden\");\n// END HIDDEN TESTS", 2)
        .Check("ex1-check-zero", "if (Twice(0) != 0) throw new Exception(\"zero\");", 1.5)
        .Written("ex2", "Why is it linear?\n\nBEGIN SOLUTION\nBecause 2x is.\nEND SOLUTION", 3);

    [Fact]
    public void Read_GroupsCellsIntoExercises_WithTheirPointsAndKinds()
    {
        var markup = ExerciseMarkup.Read(Sample().Build());

        Assert.Equal(["ex1", "ex2"], markup.Exercises.Select(e => e.Id));
        var auto = markup.Exercises[0];
        Assert.Equal(ExerciseKind.Auto, auto.Kind);
        Assert.Equal(3.5, auto.Points);
        Assert.Equal(["code2"], auto.AnswerCells.Select(c => c.Cell.Id));
        Assert.Equal(["code3", "code4"], auto.CheckCells.Select(c => c.Cell.Id));
        var manual = markup.Exercises[1];
        Assert.Equal(ExerciseKind.Manual, manual.Kind);
        Assert.Equal(3, manual.Points);
        Assert.Equal(["markdown5"], manual.AnswerCells.Select(c => c.Cell.Id));
        Assert.Empty(manual.CheckCells);
        Assert.Equal(6.5, markup.TotalPoints);
        Assert.Equal([CellRole.ReadOnly, CellRole.Answer, CellRole.Check, CellRole.Check, CellRole.WrittenAnswer],
            markup.GradedCells.Select(c => c.Role));
        Assert.Equal([new SourceRegion(RegionKind.Solution, 2, 4, "    ")], markup.GradedCells[1].Regions);
        Assert.Equal([new SourceRegion(RegionKind.HiddenTests, 1, 3, "")], markup.GradedCells[2].Regions);
    }

    [Fact]
    public void Read_AcceptsExtraAnswerCells_AndTopLevelRegionsThatDeclareNothing()
    {
        var markup = ExerciseMarkup.Read(new ExerciseNotebook()
            .Answer("ex1", "double total;\n// BEGIN SOLUTION\nint one = 1;\ntotal = one + 2;\n// END SOLUTION")
            .Answer("ex1-answer-helper", "int Three()\n{\n    // BEGIN SOLUTION\n    return 3;\n    // END SOLUTION\n}")
            .Check("ex1-check", "if (total != Three()) throw new Exception(\"no\");")
            .Build());
        Assert.Equal(["code0", "code1"], Assert.Single(markup.Exercises).AnswerCells.Select(c => c.Cell.Id));
    }

    public static TheoryData<string> Cases() => [.. Malformed.Keys];

    private static readonly Dictionary<string, (Func<ExerciseNotebook> Build, int Cell, string Problem)> Malformed = new()
    {
        ["unclosed"] = (() => new ExerciseNotebook().Answer("ex1", "int F()\n{\n    // BEGIN SOLUTION\n    return 1;\n}").Check("ex1-check", "F();"),
            1, "line 3 '// BEGIN SOLUTION' opens a region that is never closed"),
        ["never opened"] = (() => new ExerciseNotebook().Answer("ex1", "int F()\n{\n    return 1;\n    // END SOLUTION\n}").Check("ex1-check", "F();"),
            1, "line 4 '// END SOLUTION' closes a region that was never opened"),
        ["nested"] = (() => new ExerciseNotebook().Answer("ex1", "// BEGIN SOLUTION\n// BEGIN SOLUTION\nF();\n// END SOLUTION\n// END SOLUTION").Check("ex1-check", "F();"),
            1, "regions cannot nest"),
        ["misspelt"] = (() => new ExerciseNotebook().Answer("ex1", "// BEGIN SOLUTON\nF();\n// END SOLUTION").Check("ex1-check", "F();"),
            1, "line 1 '// BEGIN SOLUTON' looks like a marker but is not one"),
        ["lower case"] = (() => new ExerciseNotebook().Answer("ex1", "// begin solution\nF();\n// end solution").Check("ex1-check", "F();"),
            1, "'// begin solution' looks like a marker"),
        ["python form in code"] = (() => new ExerciseNotebook().Answer("ex1", "### BEGIN SOLUTION\nF();\n### END SOLUTION").Check("ex1-check", "F();"),
            1, "'### BEGIN SOLUTION' looks like a marker"),
        ["code form in markdown"] = (() => new ExerciseNotebook().Written("ex1", "// BEGIN SOLUTION\nBecause.\n// END SOLUTION"),
            1, "a markdown cell's markers are 'BEGIN SOLUTION' and 'END SOLUTION' lines"),
        ["solution in check"] = (() => new ExerciseNotebook().Answer("ex1", "// BEGIN SOLUTION\nvar y = 1;\n// END SOLUTION")
                .Check("ex1-check", "// BEGIN SOLUTION\nF();\n// END SOLUTION"),
            2, "a check cell cannot hold a solution"),
        ["hidden tests in answer"] = (() => new ExerciseNotebook().Answer("ex1", "// BEGIN HIDDEN TESTS\nF();\n// END HIDDEN TESTS").Check("ex1-check", "F();"),
            1, "an answer cell cannot hold hidden tests"),
        ["marker in plain cell"] = (() => new ExerciseNotebook().Code("// BEGIN SOLUTION\nF();\n// END SOLUTION"),
            1, "a cell without nbgrader metadata cannot hold a solution"),
        ["marker in plain markdown"] = (() => new ExerciseNotebook().Markdown("BEGIN SOLUTION\nsecret\nEND SOLUTION"),
            1, "a cell without nbgrader metadata cannot hold a solution"),
        ["hidden tests in read-only cell"] = (() => new ExerciseNotebook()
                .Code("// BEGIN HIDDEN TESTS\nF();\n// END HIDDEN TESTS", ExerciseNotebook.Nbgrader("setup", false, false, true)),
            1, "a read-only cell cannot hold hidden tests"),
        ["empty solution"] = (() => new ExerciseNotebook().Answer("ex1", "int F()\n{\n    // BEGIN SOLUTION\n\n    // END SOLUTION\n}").Check("ex1-check", "F();"),
            1, "the solution region at lines 3–5 is empty"),
        ["empty hidden tests"] = (() => new ExerciseNotebook().Answer("ex1", ExerciseMarkupTests.TwiceAnswer)
                .Check("ex1-check", "// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS"),
            2, "the hidden-test region at lines 1–2 is empty"),
        ["no region"] = (() => new ExerciseNotebook().Answer("ex1", "int F() => 1;").Check("ex1-check", "F();"),
            1, "an answer cell needs a solution region, marked by '// BEGIN SOLUTION' and '// END SOLUTION'"),
        ["written without region"] = (() => new ExerciseNotebook().Written("ex1", "Because."),
            1, "an answer cell needs a solution region, marked by 'BEGIN SOLUTION' and 'END SOLUTION' lines"),
        ["duplicate grade_id"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-check", TwiceCheck).Check("ex1-check", TwiceCheck),
            3, "grade_id 'ex1-check' is already used by cell 2 (id code1)"),
        ["negative points"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-check", TwiceCheck, points: -1),
            2, "metadata.nbgrader.points must be a finite number ≥ 0, not -1"),
        ["missing points"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-check", TwiceCheck).WithNbgrader("points", null, remove: true),
            2, "metadata.nbgrader has grade true but no points"),
        ["points as text"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-check", TwiceCheck).WithNbgrader("points", "2"),
            2, "metadata.nbgrader.points must be a number, not \"2\""),
        ["points without grade"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).WithNbgrader("points", 1).Check("ex1-check", TwiceCheck),
            1, "has points but grade is false"),
        ["nbgrader not an object"] = (() => new ExerciseNotebook().Code("F();").WithRawNbgrader("ex1"),
            1, "metadata.nbgrader must be an object, not \"ex1\""),
        ["solution as text"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).WithNbgrader("solution", "true").Check("ex1-check", TwiceCheck),
            1, "metadata.nbgrader.solution must be true or false, not \"true\""),
        ["grade_id as number"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-check", TwiceCheck).WithNbgrader("grade_id", 7),
            2, "metadata.nbgrader.grade_id must be a non-empty string, not 7"),
        ["grade_id with a space"] = (() => new ExerciseNotebook().Answer("ex 1", TwiceAnswer),
            1, "grade_id 'ex 1' may hold only letters, digits, '_' and '-'"),
        ["schema version 2"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).WithNbgrader("schema_version", 2).Check("ex1-check", TwiceCheck),
            1, "schema_version must be the number 3, not 2"),
        ["misspelt key"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).WithNbgrader("soluton", true).Check("ex1-check", TwiceCheck),
            1, "metadata.nbgrader has an unknown key 'soluton'"),
        ["missing locked"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-check", TwiceCheck).WithNbgrader("locked", null, remove: true),
            2, "metadata.nbgrader has no locked"),
        ["unlocked check"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-check", TwiceCheck).WithNbgrader("locked", false),
            2, "a code cell with solution false, grade true and locked false is no kind of exercise cell"),
        ["check without answer"] = (() => new ExerciseNotebook().Check("ex1-check", TwiceCheck),
            1, "exercise 'ex1' has no answer cell with grade_id 'ex1'"),
        ["answer without check"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer),
            1, "exercise 'ex1' has no check cell; give one the grade_id 'ex1-check'"),
        ["check named like an answer"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-test", TwiceCheck),
            2, "a check cell's grade_id must be '<exercise>-check' or '<exercise>-check-<name>', not 'ex1-test'"),
        ["expression body"] = (() => new ExerciseNotebook().Answer("ex1", "int F(int x) =>\n    // BEGIN SOLUTION\n    2 * x;\n    // END SOLUTION").Check("ex1-check", "F(1);"),
            1, "the solution region at lines 2–4 is not whole statements"),
        ["part of an expression"] = (() => new ExerciseNotebook().Answer("ex1", "int y = 1 +\n// BEGIN SOLUTION\n    2;\n// END SOLUTION").Check("ex1-check", "F(1);"),
            1, "a solution region must hold whole statements"),
        ["top-level declaration used later"] = (() => new ExerciseNotebook()
                .Answer("ex1", "// BEGIN SOLUTION\ndouble scratch = 2;\ndouble total = scratch + 1;\n// END SOLUTION").Check("ex1-check", "Console.Write(total);"),
            1, "the solution region at lines 1–4 declares 'total' at the top level of the cell and cell 2 (id code1) uses it"),
        ["top-level function used later"] = (() => new ExerciseNotebook()
                .Answer("ex1", "// BEGIN SOLUTION\nint F() => 1;\n// END SOLUTION").Check("ex1-check", "F();"),
            1, "declares 'F' at the top level of the cell and cell 2 (id code1) uses it"),
        ["task cell"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer).WithNbgrader("task", true).Check("ex1-check", TwiceCheck),
            1, "metadata.nbgrader.task must be false (task cells are not supported), not true"),
        ["answer named like a check"] = (() => new ExerciseNotebook().Answer("ex1-check", TwiceAnswer),
            1, "grade_id 'ex1-check' names a check cell, but this is an answer cell"),
        ["written answer with a check"] = (() => new ExerciseNotebook().Written("ex1", "BEGIN SOLUTION\nBecause.\nEND SOLUTION").Check("ex1-check", TwiceCheck),
            2, "exercise 'ex1' is a written answer graded by hand; it cannot have other answer or check cells"),
        ["solution tag on a check"] = (() => new ExerciseNotebook().Answer("ex1", TwiceAnswer)
                .Code(TwiceCheck, ExerciseNotebook.Nbgrader("ex1-check", false, true, true, 2), solutionTag: true),
            2, "the cell is tagged 'solution' but is not an answer cell"),
        ["solution tag without markup"] = (() => new ExerciseNotebook().Code("int F() => 1;", solutionTag: true),
            1, "the cell is tagged 'solution' but has no nbgrader answer metadata"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_RejectsMalformedMarkup_NamingNotebookCellAndProblem(string name)
    {
        var (build, cell, problem) = Malformed[name];
        var error = Assert.Throws<MarkupException>(() => ExerciseMarkup.Read(build().Build()));
        Assert.Contains(error.Problems, p => p.StartsWith($"test.ipynb: cell {cell} ", StringComparison.Ordinal) && p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_RejectsNaNPoints()
    {
        var notebook = new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-check", TwiceCheck).Build();
        notebook.Cells[1].Metadata["nbgrader"]!["points"] = JsonValue.Create(double.NaN);
        var error = Assert.Throws<MarkupException>(() => ExerciseMarkup.Read(notebook));
        Assert.Contains("test.ipynb: cell 2 (id code1, grade_id ex1-check): metadata.nbgrader.points must be a finite number ≥ 0, not NaN",
            error.Problems);
    }

    [Fact]
    public void Read_RejectsExerciseCellsWithoutCellIds()
    {
        var notebook = new ExerciseNotebook().Answer("ex1", TwiceAnswer).Check("ex1-check", TwiceCheck).Build();
        notebook.Cells[0].Json.Remove("id");
        var error = Assert.Throws<MarkupException>(() => ExerciseMarkup.Read(notebook));
        Assert.Contains("test.ipynb: cell 1 (grade_id ex1): the cell has no id; exercise cells need nbformat 4.5 cell ids, which the manifest names them by",
            error.Problems);
    }

    [Fact]
    public void Read_ListsEveryProblem_NotOnlyTheFirst()
    {
        var error = Assert.Throws<MarkupException>(() => ExerciseMarkup.Read(new ExerciseNotebook()
            .Answer("ex1", "// BEGIN SOLUTON\nF();").Check("ex1-check", TwiceCheck, points: -2).Build()));
        Assert.True(error.Problems.Count >= 2, string.Join("\n", error.Problems));
    }
}
