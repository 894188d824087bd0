namespace ScoreNotebooks.Coursework.Grading;

/// <summary>What a cell run while grading is for.</summary>
internal enum StepKind
{
    /// <summary>A cell outside every exercise (set-up, examples, read-only cells): the source's own.</summary>
    Plain,

    /// <summary>A student's answer cell.</summary>
    Answer,

    /// <summary>One of the source's check cells, hidden tests included; completing without error earns its points.</summary>
    Check,

    /// <summary>The source's reference answer, run after an exercise's checks so later exercises build on correct definitions.</summary>
    Reference,
}
