namespace Keel.Retraining;

/// <summary>Whether a retrain starts on its own or waits for a person.</summary>
public enum ApprovalMode
{
    /// <summary>A trigger that passes the guardrails starts a retrain at once.</summary>
    Automatic,

    /// <summary>A trigger that passes the guardrails asks for approval; the retrain starts once granted.</summary>
    Required,
}
