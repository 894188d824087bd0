using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace ScoreNotebooks.Notebooks.Execution;

public sealed partial class ScriptSession
{
    // Roslyn's reference manager gives every submission the explicit references of the submission
    // before it followed by those of its own options, duplicates and all. A cell that passed the whole
    // reference list (about 170 framework assemblies) would make submission N hold N copies of it, and
    // the chain keeps every submission alive, so memory and binding time would grow with N². Each
    // reference is therefore given to the chain once: by the first submission that runs with it.
    private readonly HashSet<MetadataReference> chainReferences = new(ReferenceEqualityComparer.Instance);

    /// <summary>The submission that ran last, the end of the chain every later cell continues; null before the first.</summary>
    internal Script? LastSubmission => state?.Script;

    /// <summary>Those of <paramref name="references"/> that no submission of the chain holds yet.</summary>
    private IEnumerable<MetadataReference> NotInChain(IEnumerable<MetadataReference> references) =>
        references.Where(reference => !chainReferences.Contains(reference));

    /// <summary>Makes <paramref name="next"/> the state later cells continue, and notes the references its submission added.</summary>
    private void Extend(ScriptState<object> next)
    {
        state = next;
        chainReferences.UnionWith(next.Script.Options.MetadataReferences);
    }
}
