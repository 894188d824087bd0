namespace ScoreNotebooks.Coursework.Markup;

/// <summary>What a marked region of a cell holds.</summary>
internal enum RegionKind
{
    /// <summary>The model answer (<c>// BEGIN SOLUTION</c>, or <c>BEGIN SOLUTION</c> in markdown), replaced in the release.</summary>
    Solution,

    /// <summary>Checks the student never sees (<c>// BEGIN HIDDEN TESTS</c>), deleted in the release.</summary>
    HiddenTests,
}
