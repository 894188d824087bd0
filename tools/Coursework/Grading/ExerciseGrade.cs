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

    /// <summary>The points earned: the points of the check cells that completed, 0 when the exercise's process ended or
    /// its answer uses a forbidden API, null for a written answer.</summary>
    public double? Points => Manual ? null : Zeroed || ForbiddenUses.Count > 0 ? 0 : earned;

    /// <summary>The most points the exercise gives.</summary>
    public double MaxPoints => Exercise.Points;

    /// <summary>How many of its check cells completed without error.</summary>
    public int PassedChecks { get; private set; }

    /// <summary>How many check cells it has.</summary>
    public int Checks => Exercise.CheckCells.Count;

    /// <summary>Why points were lost, and anything else the student should know, in order.</summary>
    public IReadOnlyList<string> Messages => messages;

    /// <summary><see cref="Messages"/> as the student may read them: a failure in a check cell with hidden tests is named
    /// without its text, which could give the hidden test away.</summary>
    public IReadOnlyList<string> StudentMessages => studentMessages;

    /// <summary>The structured check records its check cells published, in order.</summary>
    public List<JsonObject> Records { get; } = [];

    /// <summary>Those of <see cref="Records"/> that check cells with hidden tests published, which students are not shown.</summary>
    public HashSet<JsonObject> HiddenRecords { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>True once the exercise is settled with 0 points (its process ended, or the submission ran out of time).</summary>
    public bool Zeroed { get; private set; }

    /// <summary>The uses of forbidden APIs found in its answer cells, in order; any one scores the exercise 0.</summary>
    public List<ForbiddenUse> ForbiddenUses { get; } = [];

    private readonly List<string> messages = [];
    private readonly List<string> studentMessages = [];
    private double earned;

    /// <summary>Adds a message; <paramref name="shownToStudent"/> replaces it in <see cref="StudentMessages"/> when given.</summary>
    public void Tell(string message, string? shownToStudent = null)
    {
        messages.Add(message);
        studentMessages.Add(shownToStudent ?? message);
    }

    /// <summary>Records a use of a forbidden API, which scores the exercise 0 whatever its checks give.</summary>
    /// <remarks>Its message goes before those the cells gave, after the other forbidden uses: it decides the score.</remarks>
    public void Forbid(ForbiddenUse use)
    {
        messages.Insert(ForbiddenUses.Count, use.Message);
        studentMessages.Insert(ForbiddenUses.Count, use.Message);
        ForbiddenUses.Add(use);
    }

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
        Tell(reason);
    }
}
