using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Markup;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>How one exercise of one submission was graded.</summary>
internal sealed class ExerciseGrade(Exercise exercise)
{
    /// <summary>The exercise.</summary>
    public Exercise Exercise { get; } = exercise;

    /// <summary>The exercise id, e.g. <c>ch01-ex1</c>.</summary>
    public string Id => Exercise.Id;

    /// <summary>True for a written answer, which is graded by hand.</summary>
    public bool Manual => Exercise.Kind == ExerciseKind.Manual;

    /// <summary>The points earned: the points of the check cells that completed, 0 when the exercise's process ended,
    /// null for a written answer.</summary>
    public double? Points => Manual ? null : Zeroed ? 0 : earned;

    /// <summary>The most points the exercise gives.</summary>
    public double MaxPoints => Exercise.Points;

    /// <summary>How many of its check cells completed without error.</summary>
    public int PassedChecks { get; private set; }

    /// <summary>How many check cells it has.</summary>
    public int Checks => Exercise.CheckCells.Count;

    /// <summary>Why points were lost, and anything else the student should know, in order.</summary>
    public List<string> Messages { get; } = [];

    /// <summary>The structured check records its check cells published, in order.</summary>
    public List<JsonObject> Records { get; } = [];

    /// <summary>True once the exercise is settled with 0 points (its process ended, or the submission ran out of time).</summary>
    public bool Zeroed { get; private set; }

    private double earned;

    /// <summary>Records that a check cell completed.</summary>
    public void Passed(double points)
    {
        PassedChecks++;
        earned += points;
    }

    /// <summary>Settles the exercise at 0 points for <paramref name="reason"/>.</summary>
    public void Zero(string reason)
    {
        if (Zeroed || Manual) return;
        Zeroed = true;
        Messages.Add(reason);
    }
}
