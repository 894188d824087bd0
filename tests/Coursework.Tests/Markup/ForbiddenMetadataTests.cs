using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Markup;

namespace ScoreNotebooks.Coursework.Tests.Markup;

/// <summary>metadata.scorenotebooks.forbidden on answer cells: read into the exercise, malformed lists refused by name.</summary>
public class ForbiddenMetadataTests
{
    private static ExerciseNotebook WithForbidden(JsonNode? scorenotebooks, bool onCheck = false)
    {
        var notebook = new ExerciseNotebook().Answer("ex1", ExerciseMarkupTests.TwiceAnswer);
        if (!onCheck) notebook.WithMetadata("scorenotebooks", scorenotebooks);
        notebook.Check("ex1-check", ExerciseMarkupTests.TwiceCheck);
        if (onCheck) notebook.WithMetadata("scorenotebooks", scorenotebooks);
        return notebook;
    }

    [Fact]
    public void Read_GivesTheExerciseItsForbiddenApis_InOrder()
    {
        var markup = ExerciseMarkup.Read(WithForbidden(new JsonObject
        {
            ["forbidden"] = new JsonArray("ScoreNotebooks.Divergences.KullbackLeibler.Between", "ScoreNotebooks.Distributions.Gaussian"),
        }).Build());
        Assert.Equal(["ScoreNotebooks.Divergences.KullbackLeibler.Between", "ScoreNotebooks.Distributions.Gaussian"],
            Assert.Single(markup.Exercises).Forbidden);
    }

    [Theory]
    [InlineData("""["Between"]""", "metadata.scorenotebooks.forbidden entry 'Between' is not a fully qualified name")]
    [InlineData("""["A.B", "A.B"]""", "metadata.scorenotebooks.forbidden lists 'A.B' twice")]
    [InlineData("""[3]""", "metadata.scorenotebooks.forbidden holds 3; each entry is a string")]
    [InlineData("""["A.B()"]""", "entry 'A.B()' is not a fully qualified name")]
    [InlineData("\"A.B\"", "metadata.scorenotebooks.forbidden must be a list of API names, not \"A.B\"")]
    public void Read_RefusesAMalformedList_NamingTheCell(string list, string problem)
    {
        var ex = Assert.Throws<MarkupException>(() =>
            ExerciseMarkup.Read(WithForbidden(new JsonObject { ["forbidden"] = JsonNode.Parse(list) }).Build()));
        var line = Assert.Single(ex.Problems);
        Assert.StartsWith("test.ipynb: cell 1 (id code0, grade_id ex1): ", line);
        Assert.Contains(problem, line);
    }

    [Fact]
    public void Read_RefusesUnknownKeys_AListOnACheckCell_AndANonObject()
    {
        Assert.Contains("metadata.scorenotebooks has an unknown key 'forbiden'; the only key is forbidden",
            Assert.Throws<MarkupException>(() => ExerciseMarkup.Read(WithForbidden(new JsonObject { ["forbiden"] = new JsonArray() }).Build()))
                .Message);
        Assert.Contains("cell 2 (id code1, grade_id ex1-check): metadata.scorenotebooks.forbidden belongs on a code answer cell",
            Assert.Throws<MarkupException>(() => ExerciseMarkup.Read(
                WithForbidden(new JsonObject { ["forbidden"] = new JsonArray("A.B") }, onCheck: true).Build())).Message);
        Assert.Contains("metadata.scorenotebooks must be an object, not true",
            Assert.Throws<MarkupException>(() => ExerciseMarkup.Read(WithForbidden(JsonValue.Create(true)).Build())).Message);
    }
}
