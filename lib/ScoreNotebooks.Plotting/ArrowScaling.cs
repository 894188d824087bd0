namespace ScoreNotebooks.Plotting;

/// <summary>How an arrow's length follows the magnitude |s| of the vector it draws.</summary>
public enum ArrowScaling
{
    /// <summary>Length ∝ |s|: honest about magnitude; large vectors can dwarf small ones.</summary>
    Linear,

    /// <summary>Length ∝ log(1 + |s|): keeps small vectors visible where |s| grows fast (e.g. far from the data).</summary>
    Log,

    /// <summary>Every non-zero arrow has the full length: direction only; use colour for magnitude.</summary>
    Unit,
}
